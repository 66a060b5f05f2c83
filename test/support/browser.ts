/** Headless Debian Chromium driven by playwright-core (browser downloads are not reachable here). */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * `camera`: a Y4M file (see fake-camera.ts) that the browser's camera shows, allowed without asking;
 * `viewport`: the page's size (a phone's, 360x740, for the citizen's pages).
 */
export async function launchBrowser({
  camera,
  viewport = { width: 1440, height: 1000 },
}: { camera?: string; viewport?: { width: number; height: number } } = {}): Promise<{
  page: Page;
  context: BrowserContext;
  errors: string[];
  close(): Promise<void>;
}> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium not found at ${chromiumPath}: install it (apt-get install chromium) or set CHROMIUM_PATH`,
    );
  }
  const userDataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tongpai-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath,
    headless: true,
    viewport,
    // Without the networking flags Chromium keeps calling Google services, which this network refuses.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(camera
        ? [
            '--use-fake-device-for-media-stream',
            '--use-fake-ui-for-media-stream',
            `--use-file-for-fake-video-capture=${camera}`,
          ]
        : []),
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  // A Content-Security-Policy refusal is only a console message: the page may seem to work while a part is blocked.
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text()))
      errors.push(message.text());
  });
  return {
    page,
    context,
    errors,
    async close() {
      await context.close();
      await fs.rm(userDataDir, { recursive: true, force: true });
    },
  };
}
