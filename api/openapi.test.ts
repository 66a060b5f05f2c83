/**
 * No drift between the API and its description: every route the application serves is in the generated
 * OpenAPI document with its answers, and every path in the document is served.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import pino from 'pino';
import type { Knex } from 'knex';
import { createApp, type AppDeps } from './app';
import { removeTestKeys, testKeys, testPersonCipher } from '../test/support/keys';
import { openApiPath, type OpenApiDocument } from './openapi';
import { unauthorized } from './problems';
import { loadProfiles } from '../imaging';

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
}

/** Every (method, path) routed by the Express application, mounted routers included (paths relative to them). */
const routedPaths = (stack: Layer[]): string[] =>
  stack.flatMap((layer) =>
    layer.route
      ? Object.keys(layer.route.methods).map((method) => `${method} ${openApiPath(layer.route!.path)}`)
      : routedPaths(layer.handle.stack ?? []),
  );

describe('the OpenAPI document', () => {
  let server: Server;
  let base: string;
  let app: ReturnType<typeof createApp>;
  let document: OpenApiDocument;

  beforeAll(async () => {
    // Nothing here reaches a database, store or workflow engine: secured routes stop at authentication.
    const deps = {
      db: { raw: () => Promise.resolve() } as unknown as Knex,
      verifyToken: () => Promise.reject(unauthorized()),
      limits: { maxBytes: 1024, maxPixels: 1024 },
      profiles: loadProfiles(),
      clientConfig: { keycloakUrl: 'http://localhost:8080', realm: 'tongpai', clientId: 'tongpai-console' },
      webOrigin: 'http://localhost:5173',
      log: pino({ level: 'silent' }),
      checkResponses: true,
      keys: testKeys(),
      personCipher: testPersonCipher(),
    } as Partial<AppDeps> as AppDeps;
    app = createApp(deps);
    server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    document = (await (await fetch(`${base}/api/v1/openapi.json`)).json()) as OpenApiDocument;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    removeTestKeys();
  });

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ method, path, op })),
    );

  it('lists every routed path with its answers', () => {
    const routed = routedPaths((app as unknown as { router: { stack: Layer[] } }).router.stack);
    expect(routed.length).toBeGreaterThan(10);
    for (const route of routed) {
      const [method, path] = route.split(' ') as [string, string];
      // The routes are mounted at /api/v1 or at the root (/my/captures ends with /captures too).
      const mounted = [path, `/api/v1${path}`];
      const listed = operations().filter((o) => o.method === method && mounted.includes(o.path));
      expect({ route, listed: listed.length }).toEqual({ route, listed: 1 });
    }
    for (const { method, path, op } of operations()) {
      const statuses = Object.keys(op.responses as object);
      expect({ method, path, success: statuses.some((s) => s.startsWith('2')) }).toEqual({
        method,
        path,
        success: true,
      });
      expect(statuses).toContain('500');
      if (path.startsWith('/api/v1/') && op.security === undefined) expect(statuses).toContain('401');
    }
  });

  it('serves every path it lists (secured ones answer 401 without a token, never no_such_route)', async () => {
    for (const { method, path, op } of operations()) {
      const url = path.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000');
      const res = await fetch(base + url, { method: method.toUpperCase() });
      const body = (await res.text()).slice(0, 300);
      // Public routes answer (an empty POST may be refused as a bad request, never as no such route); /readyz
      // answers its declared 503 here, where nothing it checks exists.
      const declaredUnavailable =
        res.status === 503 && res.headers.get('content-type')?.startsWith('application/json');
      const served =
        op.security === undefined
          ? res.status === 401
          : res.status !== 404 && (res.status < 500 || Boolean(declaredUnavailable));
      expect({ method, path, served, body: served ? '' : body }).toEqual({
        method,
        path,
        served: true,
        body: '',
      });
    }
  });

  it('refers only to schemas it defines', () => {
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of new Set(refs)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(Object.keys(document.components.schemas)).toContain(ref.split('/').pop());
    }
  });

  it('declares binary answers with their media types', () => {
    const content = (path: string) =>
      Object.keys(
        (document.paths[path]!.get!.responses as Record<string, { content: object }>)['200']!.content,
      );
    expect(content('/api/v1/cases/{id}/photos/{profileId}')).toEqual(['image/jpeg']);
    expect(content('/api/v1/cases/{id}/preview')).toEqual(['image/png']);
    expect(content('/api/v1/cases/{id}/photos/{profileId}/sheet')).toEqual(['application/pdf', 'image/jpeg']);
  });
});
