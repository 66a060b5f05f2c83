/**
 * The console's Content-Security-Policy, sent by Vite on every page (dev server and `vite preview` of the
 * build; a static host of web/dist must send the production one). Scripts only from the console's own origin;
 * network calls to it (the API through /api) and to Keycloak (sign-in and tokens); photos shown from blob: URLs;
 * never framed. Styles allow inline elements: MUI (emotion) writes its styles into <style> tags at run time.
 * The dev server alone allows inline scripts (React Refresh's preamble) and WebSockets (hot reload).
 */
export interface ConsolePolicyOptions {
  /** Where keycloak-js signs in and fetches tokens, e.g. http://localhost:8080. */
  keycloakOrigin: string;
  dev: boolean;
}

export function consoleContentSecurityPolicy({ keycloakOrigin, dev }: ConsolePolicyOptions): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    // WebAssembly may be compiled (the face guide's detector, onnxruntime-web); JavaScript eval stays refused.
    'script-src': ["'self'", "'wasm-unsafe-eval'", ...(dev ? ["'unsafe-inline'"] : [])],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", keycloakOrigin, ...(dev ? ['ws:', 'wss:'] : [])],
    'frame-src': [keycloakOrigin],
    'form-action': ["'self'", keycloakOrigin],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** The headers Vite sends with the console's pages. */
export const consoleHeaders = (options: ConsolePolicyOptions): Record<string, string> => ({
  'Content-Security-Policy': consoleContentSecurityPolicy(options),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
});
