/**
 * What the simulator received, on disk so it survives a restart: one JSON file per accepted submission
 * (its receipt, the request without the photo bytes, the recall if any), and the photos themselves in a
 * content-addressed blob store. Every file is written to a temporary name, flushed and renamed into place:
 * a crash leaves either the old file or the new one, never half of one.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Receipt, RecallReceipt, SubmissionRequest } from '../activities/upstream/contract';
import { createFileBlobStore } from '../db/blob-store';
import type { UpstreamTarget } from '../domain/upstream';

export interface StoredSubmission {
  receipt: Receipt;
  /** Hash of the request's content (photos by their sha256): a reused key with other content is a conflict. */
  requestDigest: string;
  case: SubmissionRequest['case'];
  person: SubmissionRequest['person'];
  photos: { kind: string; sha256: string; byteLength: number; certificate?: unknown }[];
  recall?: RecallReceipt & { reason: string };
}

const keyHash = (idempotencyKey: string) => createHash('sha256').update(idempotencyKey).digest('hex');

/** Receipt ids name the simulator and lead back to their file: SIM-<TARGET>-<first 24 hex of the key's hash>. */
export const receiptIdOf = (target: UpstreamTarget, idempotencyKey: string) =>
  `SIM-${target.toUpperCase()}-${keyHash(idempotencyKey).slice(0, 24)}`;

async function writeJsonAtomically(file: string, value: unknown): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${randomUUID()}.tmp`;
  const handle = await fs.open(temp, 'wx');
  try {
    await handle.writeFile(JSON.stringify(value, null, 2));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temp, file);
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

export type SubmissionStore = ReturnType<typeof createSubmissionStore>;

export function createSubmissionStore(dataDir: string) {
  const blobs = createFileBlobStore(path.join(dataDir, 'blobs'));
  const receiptsDir = path.join(dataDir, 'receipts');
  const fileOfReceipt = (target: UpstreamTarget, receiptId: string) =>
    path.join(receiptsDir, target, `${receiptId}.json`);

  return {
    find(target: UpstreamTarget, idempotencyKey: string): Promise<StoredSubmission | undefined> {
      return readJson(fileOfReceipt(target, receiptIdOf(target, idempotencyKey)));
    },
    findByReceipt(target: UpstreamTarget, receiptId: string): Promise<StoredSubmission | undefined> {
      if (!/^SIM-[A-Z_]+-[0-9a-f]{24}$/.test(receiptId)) return Promise.resolve(undefined);
      return readJson(fileOfReceipt(target, receiptId));
    },
    /** The photos first, then the receipt: a receipt on disk always has its photos. */
    async save(submission: StoredSubmission, photoBytes: Buffer[]): Promise<void> {
      for (const bytes of photoBytes) await blobs.put(bytes);
      await writeJsonAtomically(
        fileOfReceipt(submission.receipt.target, submission.receipt.receiptId),
        submission,
      );
    },
    async update(submission: StoredSubmission): Promise<void> {
      await writeJsonAtomically(
        fileOfReceipt(submission.receipt.target, submission.receipt.receiptId),
        submission,
      );
    },
    async list(): Promise<StoredSubmission[]> {
      const out: StoredSubmission[] = [];
      const targets = await fs.readdir(receiptsDir).catch(() => [] as string[]);
      for (const target of targets.sort()) {
        const files = (await fs.readdir(path.join(receiptsDir, target))).filter((f) => f.endsWith('.json'));
        for (const file of files) {
          const stored = await readJson<StoredSubmission>(path.join(receiptsDir, target, file));
          if (stored) out.push(stored);
        }
      }
      return out.sort((a, b) => a.receipt.acceptedAt.localeCompare(b.receipt.acceptedAt));
    },
    blobs,
  };
}
