import { consoleContentSecurityPolicy } from './content-security-policy';

const directives = (policy: string) =>
  Object.fromEntries(policy.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

describe("the console's Content-Security-Policy", () => {
  const keycloakOrigin = 'https://sso.example.gov.cn';

  test('the built console: scripts from its own origin only (WebAssembly compiled, never eval), Keycloak for sign-in, never framed', () => {
    const policy = directives(consoleContentSecurityPolicy({ keycloakOrigin, dev: false }));
    expect(policy['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(policy['connect-src']).toEqual(["'self'", keycloakOrigin]);
    expect(policy['img-src']).toEqual(["'self'", 'data:', 'blob:']);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    expect(policy['object-src']).toEqual(["'none'"]);
  });

  test('the dev server alone allows the inline React Refresh preamble and the hot-reload socket', () => {
    const policy = directives(consoleContentSecurityPolicy({ keycloakOrigin, dev: true }));
    expect(policy['script-src']).toEqual(["'self'", "'wasm-unsafe-eval'", "'unsafe-inline'"]);
    expect(policy['connect-src']).toEqual(["'self'", keycloakOrigin, 'ws:', 'wss:']);
  });
});
