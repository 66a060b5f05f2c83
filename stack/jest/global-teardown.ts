import fs from 'node:fs/promises';

export default async function globalTeardown(): Promise<void> {
  const started = globalThis.__tongpaiEngines;
  if (!started) return;
  await started.engines.stop();
  await fs.rm(started.root, { recursive: true, force: true });
}
