/**
 * react-admin's simple REST conventions: `sort=["field","ASC"]`, `range=[0,24]`, `filter={...}` in the query
 * string; the answer carries `Content-Range: <resource> <start>-<end>/<total>`.
 */
import type { Response } from 'express';
import { z } from 'zod';
import { HttpProblem, invalidRequest, type Messages } from './problems';
import { nulCharacterFields, nulCharacterRefused } from './validation';

/** The query of a list route (the JSON inside is parsed by parseListParams); routes declare it with listQueryFor. */
const listQuery = z.object({
  sort: z
    .string()
    .optional()
    .meta({ description: '["field","ASC"|"DESC"]', example: '["capturedAt","DESC"]' }),
  range: z
    .string()
    .optional()
    .meta({ description: '[first,last], zero-based, inclusive', example: '[0,24]' }),
  filter: z
    .string()
    .optional()
    .meta({ description: 'JSON object of filters', example: '{"status":"processing"}' }),
});

/** The query of a list route whose filter takes these keys, named in the document. */
export const listQueryFor = (filter: z.ZodObject) => {
  const keys = Object.keys(filter.shape);
  return listQuery.extend({
    filter: listQuery.shape.filter.meta({
      description: `JSON object of filters, keys: ${keys.join(', ') || 'none'}; any other key is refused (400 unknown_filter_key)`,
      example: keys.length ? `{"${keys[0]}":"…"}` : '{}',
    }),
  });
};

const queryMessages = (name: string): Messages => ({
  zh: `查询参数 ${name} 无效`,
  en: `Query parameter ${name} is invalid`,
});
export const listQueryMessages = Object.fromEntries(
  Object.keys(listQuery.shape).map((name) => [name, queryMessages(name)]),
);

const jsonParam = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'not JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

/** A filter value that react-admin sends either as one value or as a list (e.g. getMany's `id`). */
export const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);

/** The filter of a whole list read only by id (react-admin's getMany sends `{"id":[...]}`). */
export const idFilter = z.object({ id: oneOrMany(z.string()).optional() });

/**
 * A filter naming a key the list does not know is refused: ignoring it would answer an unfiltered list that
 * reads as the answer to the question asked.
 */
const unknownFilterKeys = (keys: string[], known: string[]) =>
  new HttpProblem(
    400,
    'unknown_filter_key',
    {
      zh: `不支持的筛选条件：${keys.join('、')}（可用：${known.join('、') || '无'}）`,
      en: `Unknown filter ${keys.length > 1 ? 'keys' : 'key'}: ${keys.join(', ')} (known: ${known.join(', ') || 'none'})`,
    },
    keys.map((key) => ({
      field: `filter.${key}`,
      messages: { zh: `不支持按 ${key} 筛选`, en: `There is no filter ${key} on this list` },
    })),
  );

type Filter = z.ZodObject;

export interface ListParams<F> {
  sort: { field: string; order: 'asc' | 'desc' };
  offset: number;
  limit: number;
  filter: F;
}

export function parseListParams<F extends Filter>(
  query: Record<string, unknown>,
  {
    sortable,
    defaultSort,
    filter,
    maxPage = 200,
  }: { sortable: readonly string[]; defaultSort: [string, 'ASC' | 'DESC']; filter: F; maxPage?: number },
): ListParams<z.output<F>> {
  const schema = z.object({
    sort: jsonParam(
      z.tuple([z.enum(sortable as [string, ...string[]]), z.enum(['ASC', 'DESC', 'asc', 'desc'])]),
    ),
    range: jsonParam(
      z
        .tuple([z.number().int().min(0), z.number().int().min(0)])
        .refine(([a, b]) => b >= a && b - a < maxPage),
    ),
    filter: jsonParam(filter.strict()),
  });
  const parsed = schema.safeParse({
    sort: query.sort ?? JSON.stringify(defaultSort),
    range: query.range ?? '[0,24]',
    filter: query.filter ?? '{}',
  });
  if (!parsed.success) {
    const unknown = parsed.error.issues.flatMap((issue) =>
      issue.code === 'unrecognized_keys' && issue.path[0] === 'filter' ? issue.keys : [],
    );
    if (unknown.length) throw unknownFilterKeys(unknown, Object.keys(filter.shape));
    throw invalidRequest(
      parsed.error.issues.map((issue) => ({
        field: String(issue.path[0] ?? 'query'),
        messages: queryMessages(String(issue.path[0])),
      })),
    );
  }
  const {
    sort,
    range,
    filter: f,
  } = parsed.data as { sort: [string, string]; range: [number, number]; filter: z.output<F> };
  // Checked as sent (it parsed above): the filter's output turns a single value into a list.
  const nul = nulCharacterFields(JSON.parse(String(query.filter ?? '{}')), ['filter']);
  if (nul.length) throw nulCharacterRefused(nul);
  return {
    sort: { field: sort[0], order: sort[1].toLowerCase() as 'asc' | 'desc' },
    offset: range[0],
    limit: range[1] - range[0] + 1,
    filter: f,
  };
}

/**
 * For a list answered whole (few rows, its own order): only the filter is read, and checked the same way; sort
 * and range are accepted as react-admin sends them and not applied.
 */
export function parseListFilter<F extends Filter>(query: Record<string, unknown>, filter: F): z.output<F> {
  return parseListParams(
    { filter: query.filter },
    { sortable: ['id'], defaultSort: ['id', 'ASC'], filter, maxPage: Number.MAX_SAFE_INTEGER },
  ).filter;
}

export function sendPage<T>(res: Response, resource: string, offset: number, rows: T[], total: number): void {
  const end = rows.length ? offset + rows.length - 1 : offset;
  res.setHeader('Content-Range', `${resource} ${offset}-${end}/${total}`);
  res.json(rows);
}

/** The query of a whole list whose only filter is its ids (sendNamedRows). */
export const idListQuery = listQueryFor(idFilter);

/** A whole list as its id filter names it (all of it without one); any other filter key is refused. */
export function sendNamedRows<T extends { id: string }>(
  res: Response,
  resource: string,
  query: Record<string, unknown>,
  rows: T[],
): void {
  const { id } = parseListFilter(query, idFilter);
  const named = id ? rows.filter((row) => id.includes(row.id)) : rows;
  sendPage(res, resource, 0, named, named.length);
}
