/**
 * The government network's database (TONGPAI_NETWORK=government, docs/networks.md): its own migration set, not
 * the police side's, because it holds only what is shared: the issued photos the police side sends over the
 * exchange (each with the few fields of its case that grants need), the registered third parties (with their webhooks), grants and
 * their reads, institutional lookups, its own audit trail, and the exchange's outbox and inbox. The tables
 * carry the police side's names and columns, so the grant, redeem and access-log code runs on either.
 * Recorded in its own migrations table, so a database can never hold both sets by mistake.
 */
import type { Knex } from 'knex';
import * as sharedPhotos from './g0001_shared_photos';
import * as grantWebhooks from './g0002_grant_webhooks';
import * as auditStreamHead from './g0003_audit_stream_head';

const migrations: Record<string, Knex.Migration> = {
  g0001_shared_photos: sharedPhotos,
  g0002_grant_webhooks: grantWebhooks,
  g0003_audit_stream_head: auditStreamHead,
};

const source: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name]!,
};

export const governmentMigrationsTable = 'knex_migrations_government';

export async function migrateGovernment(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({
    migrationSource: source,
    tableName: governmentMigrationsTable,
  })) as [number, string[]];
  return applied;
}
