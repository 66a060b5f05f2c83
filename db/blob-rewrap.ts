/**
 * Brings every photo file under the current master key: plaintext files from before encryption are encrypted in
 * place, files wrapped by an older master key get a new header (their ciphertext is kept), current ones are left
 * alone. Each file is replaced whole (the backends write atomically) and the walk is in key order with a
 * checkpoint file, so a run that stops (Ctrl-C, a crash) resumes after the last file it finished; running it
 * again after it completed changes nothing.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { convertBlob, type BlobKeyring, type Conversion } from './blob-crypto';
import type { BlobBackend } from './blob-store';

export type RewrapCounts = Record<Conversion | 'failed', number>;

interface Checkpoint {
  /** The master key the run moves files to: a checkpoint for another key is not resumed. */
  keyId: string;
  location: string;
  after: string;
  counts: RewrapCounts;
}

async function readCheckpoint(file: string): Promise<Checkpoint | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as Checkpoint;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function writeCheckpoint(file: string, checkpoint: Checkpoint): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(`${file}.tmp`, JSON.stringify(checkpoint));
  await fs.rename(`${file}.tmp`, file);
}

export interface RewrapResult {
  counts: RewrapCounts;
  /** Where the run started: after this key when it resumed a checkpoint. */
  resumedAfter?: string;
  /** False when `signal` stopped it: the checkpoint is kept for the next run. */
  completed: boolean;
}

export async function rewrapBlobs({
  backend,
  keyring,
  checkpointFile,
  signal,
  checkpointEvery = 100,
  log = () => undefined,
}: {
  backend: BlobBackend;
  keyring: BlobKeyring;
  checkpointFile: string;
  signal?: AbortSignal;
  /** Files between two checkpoints (and progress lines). */
  checkpointEvery?: number;
  log?: (line: string) => void;
}): Promise<RewrapResult> {
  const saved = await readCheckpoint(checkpointFile);
  const resumed =
    saved?.keyId === keyring.currentKeyId && saved.location === backend.location ? saved : undefined;
  const counts: RewrapCounts = resumed?.counts ?? { encrypted: 0, rewrapped: 0, current: 0, failed: 0 };
  const checkpoint = (after: string) =>
    writeCheckpoint(checkpointFile, {
      keyId: keyring.currentKeyId,
      location: backend.location,
      after,
      counts,
    });
  if (resumed) log(`resuming after ${resumed.after}`);

  let seen = 0;
  let last = resumed?.after;
  for await (const sha256 of backend.list(resumed?.after)) {
    if (signal?.aborted) break;
    try {
      const { conversion, bytes } = convertBlob(keyring, sha256, await backend.read(sha256));
      if (bytes) await backend.write(sha256, bytes);
      counts[conversion]++;
    } catch (err) {
      counts.failed++;
      log(`${sha256}: ${(err as Error).message}`);
    }
    last = sha256;
    if (++seen % checkpointEvery === 0) {
      await checkpoint(sha256);
      log(`${seen} files: ${JSON.stringify(counts)}`);
    }
  }
  if (signal?.aborted) {
    if (last) await checkpoint(last);
    return { counts, completed: false, ...(resumed ? { resumedAfter: resumed.after } : {}) };
  }
  await fs.rm(checkpointFile, { force: true });
  return { counts, completed: true, ...(resumed ? { resumedAfter: resumed.after } : {}) };
}
