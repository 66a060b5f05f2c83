/** Readiness checks the API and the worker share. */
import type { Knex } from 'knex';
import type { BlobStore } from '../db/blob-store';
import type { ReadinessCheck } from './readiness';

export const postgresReachable =
  (db: Knex): ReadinessCheck =>
  () =>
    db.raw('select 1');

/** Always the same bytes: the store keeps one probe blob, rewritten (temp file and rename) by every check. */
const probe = Buffer.from('tongpai readiness probe\n');

export const blobStoreWritable =
  (blobs: BlobStore): ReadinessCheck =>
  async () => {
    const key = await blobs.put(probe);
    if (!(await blobs.has(key))) throw new Error('the probe blob was written but cannot be found');
  };
