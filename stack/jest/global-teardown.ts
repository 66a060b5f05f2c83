import { stopTestEngines } from './test-engines';

export default async function globalTeardown(): Promise<void> {
  const started = globalThis.__tongpaiEngines;
  if (started) await stopTestEngines(started);
}
