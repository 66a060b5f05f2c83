import type { Knex } from 'knex';
import type { BlobStore } from '../db/blob-store';
import type { SecretSealer } from '../db/secret-seal';
import type { PersonCipher } from '../db/person-cipher';
import type { RuleBook } from '../domain/rules';
import type { PhotoPipeline } from '../imaging';
import type { NetworkRole } from '../domain/network';
import type { KeyRing } from '../signing/keys';
import type { UpstreamAdapters } from './upstream';

/** What activities are given at worker start-up; tests pass their own. */
export interface ActivityDeps {
  db: Knex;
  blobs: BlobStore;
  /** Created once per worker: its ONNX sessions are loaded and checked at start-up. */
  pipeline: PhotoPipeline;
  /** Routing, second approvals, reuse windows and reason codes, per region. */
  rules: RuleBook;
  /** Signs issued photos' certificates. */
  keys: KeyRing;
  /** One adapter per upstream library the issued photos go to. */
  upstream: UpstreamAdapters;
  /** How often a submission to a paused library looks again (seconds, jittered). */
  upstreamPausedRetrySeconds: number;
  /** Opens the webhook secrets (sealed under the photo files' master key). */
  secrets: SecretSealer;
  /** Which network this worker serves (TONGPAI_NETWORK): police and government queue exchange messages. */
  network?: NetworkRole;
  /** Opens the sealed ID number a library is sent; the person hash finds a person's earlier issues. */
  personCipher: PersonCipher;
}

/** The actor recorded in the audit trail for automatic steps. */
export const workerActor = 'system:worker';
