/**
 * Migrations are listed here explicitly (not discovered from the file system), so the same list runs under tsx,
 * Jest and a bundled build. Append new migrations at the end; never edit one that has shipped.
 */
import type { Knex } from 'knex';
import * as initial from './migrations/0001_initial';
import * as processedPhotos from './migrations/0002_processed_photos';
import * as reviewAndIssuance from './migrations/0003_review_and_issuance';
import * as auditChains from './migrations/0004_audit_chains';
import * as auditCheckpointsNoTruncate from './migrations/0005_audit_checkpoints_no_truncate';
import * as upstreamSubmissions from './migrations/0006_upstream_submissions';
import * as revocationAndRecall from './migrations/0007_revocation_and_recall';
import * as upstreamManualQueue from './migrations/0008_upstream_manual_queue';
import * as auditVerifications from './migrations/0009_audit_verifications';
import * as grants from './migrations/0010_grants';
import * as auditSearch from './migrations/0011_audit_search';
import * as institutionalSharing from './migrations/0012_institutional_sharing';
import * as dashboard from './migrations/0013_dashboard';
import * as caseListAtScale from './migrations/0014_case_list_at_scale';
import * as reviewQueueOrder from './migrations/0015_review_queue_order';
import * as grantWebhooks from './migrations/0016_grant_webhooks';
import * as captureChannel from './migrations/0017_capture_channel';
import * as sealedIdNumbers from './migrations/0018_sealed_id_numbers';
import * as dashboardCounts from './migrations/0019_dashboard_counts';
import * as exchange from './migrations/0020_exchange';
import * as auditStreamHead from './migrations/0021_audit_stream_head';
import { applyLifecycleConstraint } from './lifecycle-constraint';

const migrations: Record<string, Knex.Migration> = {
  '0001_initial': initial,
  '0002_processed_photos': processedPhotos,
  '0003_review_and_issuance': reviewAndIssuance,
  '0004_audit_chains': auditChains,
  '0005_audit_checkpoints_no_truncate': auditCheckpointsNoTruncate,
  '0006_upstream_submissions': upstreamSubmissions,
  '0007_revocation_and_recall': revocationAndRecall,
  '0008_upstream_manual_queue': upstreamManualQueue,
  '0009_audit_verifications': auditVerifications,
  '0010_grants': grants,
  '0011_audit_search': auditSearch,
  '0012_institutional_sharing': institutionalSharing,
  '0013_dashboard': dashboard,
  '0014_case_list_at_scale': caseListAtScale,
  '0015_review_queue_order': reviewQueueOrder,
  '0016_grant_webhooks': grantWebhooks,
  '0017_capture_channel': captureChannel,
  '0018_sealed_id_numbers': sealedIdNumbers,
  '0019_dashboard_counts': dashboardCounts,
  '0020_exchange': exchange,
  '0021_audit_stream_head': auditStreamHead,
};

const source: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name]!,
};

export async function migrateLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest({ migrationSource: source })) as [number, string[]];
  await applyLifecycleConstraint(db);
  return applied;
}

/** Applies the migrations up to and including `last` only: for tests of a migration over data in an older schema. */
export async function migrateUpTo(db: Knex, last: string): Promise<void> {
  const names = Object.keys(migrations);
  if (!names.includes(last)) throw new Error(`no migration named ${last}`);
  const upTo = names.slice(0, names.indexOf(last) + 1);
  await db.migrate.latest({ migrationSource: { ...source, getMigrations: async () => upTo } });
}
