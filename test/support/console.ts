/** The console (Vite) on the tests' fixed port, proxying /api to the test file's API; run under the console lock. */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { httpOk, startProcess, waitUntil, type ManagedProcess } from '../../stack/process';
import { testConsoleOrigin } from './api';
import { demoPassword } from './tokens';

export async function startTestConsole(apiBaseUrl: string): Promise<ManagedProcess> {
  const root = path.resolve(__dirname, '..', '..');
  const log: string[] = [];
  const vite = startProcess(
    'web',
    path.join(root, 'node_modules', '.bin', 'vite'),
    ['--config', 'web/vite.config.ts'],
    {
      cwd: root,
      env: { ...process.env, WEB_PORT: new URL(testConsoleOrigin).port, TONGPAI_API_URL: apiBaseUrl },
      sink: (_name, line) => log.push(line),
    },
  );
  await waitUntil('test console', () => httpOk(testConsoleOrigin), {
    timeoutMs: 60_000,
    process: vite,
  }).catch((err: Error) => {
    throw new Error(`${err.message}\n${log.join('\n')}`);
  });
  return vite;
}

/** Signs `username` in through Keycloak's form on the console's first page; waits for a page of the console. */
export async function signInToConsole(page: Page, username: string): Promise<void> {
  await page.goto(`${testConsoleOrigin}/`);
  await page.locator('#username').waitFor({ timeout: 90_000 });
  await page.fill('#username', username);
  await page.fill('#password', demoPassword);
  await page.click('#kc-login');
  await page.waitForURL(new RegExp(`^${testConsoleOrigin}/[a-z]`), { timeout: 60_000 });
}
