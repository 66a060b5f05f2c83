/** The response contract check: an answer a route did not declare is refused, logged and answered 500. */
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler } from 'express';
import pino from 'pino';
import { z } from 'zod';
import { binary, defineRoute, json, mountRoutes, type Route } from './contract';
import { problemBody, type HttpProblem } from './problems';

const thing = z.strictObject({ name: z.string() });

/** Routes that each break their declaration in one way, and one that keeps it. */
const routes: Route[] = [
  defineRoute({
    method: 'get',
    path: '/kept',
    tags: ['test'],
    summary: 'answers as declared',
    responses: { 200: json(thing, 'a thing') },
    handler: (_input, _req, res) => void res.json({ name: 'ok' }),
  }),
  defineRoute({
    method: 'get',
    path: '/wrong-field-type',
    tags: ['test'],
    summary: 'a number where a string is declared',
    responses: { 200: json(thing, 'a thing') },
    handler: (_input, _req, res) => void res.json({ name: 42 }),
  }),
  defineRoute({
    method: 'get',
    path: '/undeclared-field',
    tags: ['test'],
    summary: 'a field nobody declared (say, personal data)',
    responses: { 200: json(thing, 'a thing') },
    handler: (_input, _req, res) => void res.json({ name: 'ok', idNumber: '11010519491231002X' }),
  }),
  defineRoute({
    method: 'get',
    path: '/undeclared-status',
    tags: ['test'],
    summary: 'a status not declared',
    responses: { 200: json(thing, 'a thing') },
    handler: (_input, _req, res) => void res.status(201).json({ name: 'ok' }),
  }),
  defineRoute({
    method: 'get',
    path: '/wrong-media-type',
    tags: ['test'],
    summary: 'a PNG where a JPEG is declared',
    responses: { 200: binary('a photo', 'image/jpeg') },
    handler: (_input, _req, res) => void res.type('image/png').send(Buffer.from([0x89, 0x50, 0x4e, 0x47])),
  }),
];

async function serve(checkResponses: boolean) {
  const log = pino({ level: 'silent' });
  const logged = jest.spyOn(log, 'error');
  const app = express();
  mountRoutes(app, { prefix: '', secured: false, routes }, { checkResponses, log });
  const server = app.listen(0);
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const get = async (path: string) => {
    const res = await fetch(base + path);
    return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
  };
  return { get, logged, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('response contract check', () => {
  let api: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => (api = await serve(true)));
  afterAll(() => api.close());

  it('lets an answer that keeps its declaration through unchanged', async () => {
    expect(await api.get('/kept')).toEqual({
      status: 200,
      type: 'application/json; charset=utf-8',
      text: '{"name":"ok"}',
    });
  });

  it.each([
    ['/wrong-field-type', 'name: Invalid input: expected string, received number'],
    ['/undeclared-field', 'body: Unrecognized key: "idNumber"'],
    ['/undeclared-status', 'status not declared'],
    ['/wrong-media-type', 'media type image/png not declared'],
  ])('answers %s with 500 response_contract_violation and logs why', async (path, violation) => {
    api.logged.mockClear();
    const res = await api.get(path);
    expect(res.status).toBe(500);
    expect(res.type).toContain('application/problem+json');
    expect(JSON.parse(res.text)).toMatchObject({
      status: 500,
      code: 'response_contract_violation',
      instance: path,
    });
    expect(res.text).not.toContain('11010519491231002X');
    expect(api.logged).toHaveBeenCalledWith(
      expect.objectContaining({ route: `GET ${path}`, violation }),
      'response contract violation',
    );
  });

  it('checks nothing when turned off', async () => {
    const unchecked = await serve(false);
    try {
      expect(await unchecked.get('/wrong-field-type')).toMatchObject({ status: 200, text: '{"name":42}' });
    } finally {
      await unchecked.close();
    }
  });
});

describe('route inputs', () => {
  const named = defineRoute({
    method: 'post',
    path: '/things/:id',
    tags: ['test'],
    summary: 'echoes its parsed inputs',
    params: z.object({ id: z.coerce.number().int() }),
    query: z.object({ dryRun: z.enum(['true', 'false']).default('false') }),
    body: thing,
    fieldMessages: { name: { zh: '请填写名称', en: 'Enter a name' } },
    responses: { 201: json(z.unknown(), 'the inputs as parsed') },
    handler: (input, _req, res) => void res.status(201).json(input),
  });
  let base: string;
  let close: () => Promise<unknown>;
  beforeAll(async () => {
    const app = express();
    mountRoutes(
      app,
      { prefix: '', secured: false, routes: [named] },
      { checkResponses: true, log: pino({ level: 'silent' }) },
    );
    // As the application's problem handler writes an HttpProblem.
    const problems: ErrorRequestHandler = (err: HttpProblem, req, res, _next) =>
      void res.status(err.status).type('application/problem+json').json(problemBody(err, req));
    app.use(problems);
    const server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((resolve) => server.close(resolve));
  });
  afterAll(() => close());

  const post = async (path: string, body: unknown) => {
    const res = await fetch(base + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as unknown };
  };

  it('hands the handler its params, query and JSON body as parsed', async () => {
    expect(await post('/things/7?dryRun=true', { name: '张伟' })).toEqual({
      status: 201,
      body: { params: { id: 7 }, query: { dryRun: 'true' }, body: { name: '张伟' } },
    });
  });

  it('refuses invalid inputs with the field and its bilingual message', async () => {
    expect(await post('/things/7', { name: 1 })).toMatchObject({
      status: 400,
      body: {
        code: 'invalid_request',
        errors: [{ field: 'name', messages: { zh: '请填写名称', en: 'Enter a name' } }],
      },
    });
  });
});
