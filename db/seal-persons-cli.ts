/**
 * `npm run persons:seal`: every ID number stored before migration 0018 sealed in place, in batches (see
 * db/seal-persons.ts), then every case sealed under an older master key sealed again under the current one.
 * Ctrl-C stops after the batch in hand; run again to go on. Safe beside a running API and worker.
 */
import { loadConfigOrExit } from '../config';
import { configuredPersonCipher } from './configured-person-cipher';
import { createDb } from './knex';
import { sealPersons } from './seal-persons';

async function main() {
  const config = loadConfigOrExit();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set');
  const cipher = configuredPersonCipher(config);
  const db = createDb(config.DATABASE_URL);
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  console.log(`sealing ID numbers under master key "${cipher.currentKeyId}"`);
  try {
    const result = await sealPersons(db, cipher, {
      reseal: true,
      signal: stop.signal,
      log: (l) => console.log(l),
    });
    console.log(
      `${result.completed ? 'done' : 'stopped; run again to go on'}: ${result.cases} cases sealed, ${result.grants} grants hashed, ${result.resealed} cases resealed`,
    );
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(2);
});
