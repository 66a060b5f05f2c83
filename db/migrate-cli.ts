/**
 * Brings a database to the latest schema (`tsx db/migrate-cli.ts [--demo-stations]`): what `npm start` does before
 * the apps start, for deployments that run the API and workers on their own (the compose file's `migrate` job).
 * `--demo-stations` also seeds the demo regions and stations, for a demonstration deployment only.
 */
import { loadConfigOrExit } from '../config';
import { createDb } from './knex';
import { migrateLatest } from './migrate';
import { seedDemoData } from './seed';

async function main() {
  const config = loadConfigOrExit();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set.');
  const db = createDb(config.DATABASE_URL);
  try {
    const applied = await migrateLatest(db);
    console.log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database schema up to date');
    if (process.argv.includes('--demo-stations')) {
      await seedDemoData(db);
      console.log('demo regions and stations seeded');
    }
  } finally {
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
