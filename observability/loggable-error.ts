/**
 * An error as it may be logged: its type, message, code and stack, nothing else. pino's own serializer copies
 * every enumerable property, and a PostgreSQL error's `detail` quotes the row's values ("Key (id_number)=(...)").
 */
export interface LoggableError {
  type: string;
  message: string;
  code?: string;
  stack?: string;
}

export function loggableError(err: unknown): LoggableError {
  if (!(err instanceof Error)) return { type: typeof err, message: String(err) };
  const code = (err as { code?: unknown }).code;
  return {
    type: err.name,
    message: err.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(err.stack ? { stack: err.stack } : {}),
  };
}
