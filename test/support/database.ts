/** A fresh database per test file (or per test), in the test run's PostgreSQL cluster. */
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

/** Migrated to the latest schema and seeded with the demo stations, unless `prepare` says otherwise. */
const latestSchemaAndDemoData = async (db: Db) => {
  await migrateLatest(db);
  await seedDemoData(db);
};

export async function createTestDatabase(prepare = latestSchemaAndDemoData): Promise<TestDatabase> {
  const clusterUrl = new URL(testEngineEnv('databaseUrl'));
  const name = `test_${randomUUID().replace(/-/g, '')}`;
  const admin = createDb(clusterUrl.toString(), { min: 0, max: 1 });
  await admin.raw(`create database ${name}`);
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  const db = createDb(url.toString());
  await prepare(db);
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
