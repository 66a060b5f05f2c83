/** Turns zod issues into field problems with messages a window operator can act on. */
import type { z } from 'zod';
import { invalidRequest, type FieldProblem, type Messages } from './problems';

export function parseOrThrow<T extends z.ZodType>(
  schema: T,
  input: unknown,
  fieldMessages: Record<string, Messages>,
): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const seen = new Set<string>();
  const errors: FieldProblem[] = [];
  for (const issue of result.error.issues) {
    const field = issue.path.join('.') || 'body';
    if (seen.has(field)) continue;
    seen.add(field);
    const custom = issue.message.startsWith('{') ? (JSON.parse(issue.message) as Messages) : undefined;
    errors.push({
      field,
      messages: custom ?? fieldMessages[field] ?? { zh: `字段 ${field} 无效`, en: `${field} is invalid` },
    });
  }
  throw invalidRequest(errors);
}

/** A zod refinement message carrying both languages (parsed back by parseOrThrow). */
export const bilingual = (messages: Messages) => JSON.stringify(messages);
