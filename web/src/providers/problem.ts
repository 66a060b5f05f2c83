/**
 * RFC 9457 problem details as the API sends them, turned into react-admin's HttpError: the message in the
 * console's language, and field errors keyed by field so forms show them next to their inputs.
 */
import { HttpError } from 'ra-core';

export interface LocalizedMessages {
  zh: string;
  en: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  code: string;
  messages: LocalizedMessages;
  errors?: { field: string; messages: LocalizedMessages }[];
}

export type MessageLanguage = keyof LocalizedMessages;
export const messageLanguageOf = (locale: string): MessageLanguage => (locale.startsWith('zh') ? 'zh' : 'en');

export const isProblem = (value: unknown): value is Problem =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Problem).status === 'number' &&
  typeof (value as Problem).messages?.zh === 'string' &&
  typeof (value as Problem).messages?.en === 'string';

/**
 * The body of the HttpError. react-admin reads `errors` for server-side form validation: each field's message
 * goes next to its input, and `root.serverError` is notified instead of the generic "the form is not valid".
 */
export interface ProblemErrorBody {
  problem: Problem;
  errors?: { [field: string]: string | { serverError: string }; root: { serverError: string } };
}

export function httpErrorFrom(status: number, statusText: string, body: unknown, locale: string): HttpError {
  if (!isProblem(body)) return new HttpError(statusText || `HTTP ${status}`, status, body);
  const language = messageLanguageOf(locale);
  const message = body.messages[language];
  const errorBody: ProblemErrorBody = { problem: body };
  if (body.errors?.length) {
    const fieldErrors = Object.fromEntries(
      body.errors.map((error) => [error.field, error.messages[language]]),
    );
    errorBody.errors = { ...fieldErrors, root: { serverError: message } };
  }
  return new HttpError(message, status, errorBody);
}
