/** A fresh, migrated and seeded database per test file, in the test run's PostgreSQL cluster. */
import { randomUUID } from 'node:crypto';
import { createDb, type Db } from '../../db/knex';
import { migrateLatest } from '../../db/migrate';
import { seedDemoData } from '../../db/seed';
import { testEngineEnv } from '../../stack/jest/test-env';

export interface TestDatabase {
  db: Db;
  url: string;
  destroy(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const clusterUrl = new URL(testEngineEnv('databaseUrl'));
  const name = `test_${randomUUID().replace(/-/g, '')}`;
  const admin = createDb(clusterUrl.toString(), { min: 0, max: 1 });
  await admin.raw(`create database ${name}`);
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  const db = createDb(url.toString());
  await migrateLatest(db);
  await seedDemoData(db);
  return {
    db,
    url: url.toString(),
    async destroy() {
      await db.destroy();
      await admin.raw(`drop database if exists ${name} with (force)`);
      await admin.destroy();
    },
  };
}
