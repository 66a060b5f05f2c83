import { z } from 'zod';
import { parseListFilter, parseListParams } from './list-params';
import { HttpProblem } from './problems';

const options = {
  sortable: ['capturedAt', 'status'],
  defaultSort: ['capturedAt', 'DESC'] as ['capturedAt', 'DESC'],
  filter: z.object({ q: z.string().optional() }),
};

describe('react-admin list parameters', () => {
  test('defaults: newest first, first 25 rows, no filter', () => {
    expect(parseListParams({}, options)).toEqual({
      sort: { field: 'capturedAt', order: 'desc' },
      offset: 0,
      limit: 25,
      filter: {},
    });
  });

  test('sort, range and filter are read from JSON', () => {
    expect(
      parseListParams({ sort: '["status","ASC"]', range: '[50,99]', filter: '{"q":"张"}' }, options),
    ).toEqual({
      sort: { field: 'status', order: 'asc' },
      offset: 50,
      limit: 50,
      filter: { q: '张' },
    });
  });

  test.each([
    [{ sort: '["id_number","ASC"]' }, 'sort'],
    [{ range: '[10,5]' }, 'range'],
    [{ range: '[0,100000]' }, 'range'],
    [{ filter: '{not json' }, 'filter'],
  ])('%p is a 400 naming %s', (query, field) => {
    try {
      parseListParams(query, options);
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(HttpProblem);
      expect((err as HttpProblem).status).toBe(400);
      expect((err as HttpProblem).errors?.[0]?.field).toBe(field);
    }
  });
});

describe('list filters', () => {
  test('a key the list does not declare is a 400 unknown_filter_key naming it, never ignored', () => {
    try {
      parseListParams({ filter: '{"q":"x","regionId":"hangzhou"}' }, options);
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(HttpProblem);
      const problem = err as HttpProblem;
      expect(problem.status).toBe(400);
      expect(problem.code).toBe('unknown_filter_key');
      expect(problem.errors?.map((e) => e.field)).toEqual(['filter.regionId']);
      expect(problem.messages.en).toContain('regionId');
      expect(problem.messages.zh).toContain('regionId');
    }
  });

  test('a list that takes no filter refuses any key, and accepts none', () => {
    expect(parseListFilter({ filter: '{}', sort: '["id","ASC"]', range: '[0,9]' }, z.object({}))).toEqual({});
    expect(() => parseListFilter({ filter: '{"target":"yrd"}' }, z.object({}))).toThrow(/Unknown filter key/);
  });
});
