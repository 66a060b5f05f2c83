/**
 * Brings a database to the latest schema (`tsx db/migrate-cli.ts [--demo-stations]`): what `npm start` does before
 * the apps start, for deployments that run the API and workers on their own (the compose file's `migrate` job).
 * `--demo-stations` also seeds the demo regions and stations, for a demonstration deployment only.
 */
import { loadConfigOrExit } from '../config';
import { createDb } from './knex';
import { migrateGovernment } from './government/migrate';
import { migrateLatest } from './migrate';
import { seedDemoData } from './seed';
import { demoThirdParties, upsertThirdParties } from './third-party-clients';

async function main() {
  const config = loadConfigOrExit();
  if (!config.DATABASE_URL) throw new Error('DATABASE_URL is not set.');
  const db = createDb(config.DATABASE_URL);
  try {
    // The government network's database has its own, smaller schema (db/government/migrate.ts).
    const applied =
      config.TONGPAI_NETWORK === 'government' ? await migrateGovernment(db) : await migrateLatest(db);
    console.log(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database schema up to date');
    if (process.argv.includes('--demo-stations') && config.TONGPAI_NETWORK === 'government') {
      await upsertThirdParties(db, demoThirdParties);
      console.log('demo third parties registered');
    } else if (process.argv.includes('--demo-stations')) {
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
