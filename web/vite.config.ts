/**
 * The console is served beside the API: `/api` is proxied to it, so both share one origin (no CORS, and the
 * bearer token never goes to another host).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { consoleHeaders } from './content-security-policy';

function portFrom(name: string, fallback: number): number {
  const port = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new Error(`${name} must be a TCP port, got "${process.env[name]}"`);
  return port;
}

const webPort = portFrom('WEB_PORT', 5173);
const apiUrl = process.env.TONGPAI_API_URL ?? 'http://localhost:3000';
// The same Keycloak the API names in /api/v1/client-config (npm start and the tests set KEYCLOAK_URL).
const keycloakOrigin = new URL(
  process.env.KEYCLOAK_URL || `http://localhost:${portFrom('KEYCLOAK_PORT', 8080)}`,
).origin;

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  // onnxruntime-web finds its WebAssembly through import.meta.url: served from the package, not pre-bundled.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  server: {
    port: webPort,
    strictPort: true,
    proxy: { '/api': { target: apiUrl } },
    headers: consoleHeaders({ keycloakOrigin, dev: true }),
  },
  preview: {
    port: webPort,
    strictPort: true,
    proxy: { '/api': { target: apiUrl } },
    headers: consoleHeaders({ keycloakOrigin, dev: false }),
  },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
});
