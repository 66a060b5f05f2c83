import type { Knex } from 'knex';
import type { BlobStore } from '../db/blob-store';

/** What activities are given at worker start-up; tests pass their own. */
export interface ActivityDeps {
  db: Knex;
  blobs: BlobStore;
  limits: { maxBytes: number; maxPixels: number };
}

/** The actor recorded in the audit trail for automatic steps. */
export const workerActor = 'system:worker';
