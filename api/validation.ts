/** Turns zod issues into field problems with messages a window operator can act on. */
import type { z } from 'zod';
import { invalidRequest, type FieldProblem, type Messages } from './problems';

export function parseOrThrow<T extends z.ZodType>(
  schema: T,
  input: unknown,
  fieldMessages: Record<string, Messages>,
): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) {
    const nul = nulCharacterFields(input);
    if (nul.length) throw nulCharacterRefused(nul);
    return result.data;
  }
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

/**
 * The fields of an input whose text holds a NUL character (U+0000): PostgreSQL's text and jsonb cannot hold
 * one, so it would fail in the database as a 500 rather than as the caller's mistake it is.
 */
export function nulCharacterFields(value: unknown, path: (string | number)[] = []): string[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [path.join('.') || 'body'] : [];
  if (Array.isArray(value)) return value.flatMap((item, i) => nulCharacterFields(item, [...path, i]));
  if (value && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value)))
    return Object.entries(value).flatMap(([key, item]) => nulCharacterFields(item, [...path, key]));
  return [];
}

export const nulCharacterRefused = (fields: string[]) =>
  invalidRequest(
    fields.map((field) => ({
      field,
      messages: {
        zh: `字段 ${field} 含有空字符（U+0000），请删除后重试`,
        en: `${field} holds a NUL character (U+0000): remove it`,
      },
    })),
  );
