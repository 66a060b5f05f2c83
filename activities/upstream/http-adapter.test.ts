/**
 * The HTTP adapter against the real upstream simulator, started in this process on an ephemeral port:
 * receipts, idempotent repeats, and every failure classified as the submission activities need it.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { upstreamTargets, type UpstreamTarget } from '../../domain/upstream';
import { failureTypes } from '../../workflows/contracts';
import { startSimulator, type RunningSimulator } from '../../upstream-sim/server';
import { photoBytes, validSubmission } from '../../upstream-sim/testing/submissions';
import { withPhoneMetadata } from '../../imaging/testing/metadata';
import { photoForSubmission } from './contract';
import {
  jitteredBackoffMs,
  toActivityFailure,
  UpstreamAuthenticationError,
  UpstreamError,
  UpstreamRejectedError,
  UpstreamRetryableError,
} from './errors';
import { createHttpAdapter, type UpstreamAdapter } from './http-adapter';

const tokens = Object.fromEntries(upstreamTargets.map((t) => [t, `token-${t}`])) as Record<
  UpstreamTarget,
  string
>;
let dataDir: string;
let simulator: RunningSimulator;

const start = async () => (simulator = await startSimulator({ port: 0, dataDir, tokens }));
const adapter = (
  target: UpstreamTarget,
  { token = tokens[target], timeoutMs = 5_000 } = {},
): UpstreamAdapter => createHttpAdapter(target, { url: simulator.targetUrl(target), token, timeoutMs });
const setFaults = async (faults: Record<string, unknown>) => {
  const res = await fetch(`${simulator.url}/admin/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  expect(res.status).toBe(200);
};
const storedReceipts = async () =>
  (await (await fetch(`${simulator.url}/admin/submissions`)).json()) as unknown[];

/** The error a call fails with (the test fails if it succeeds). */
async function failure(call: Promise<unknown>): Promise<UpstreamError> {
  const outcome = await call.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  if (!('error' in outcome)) throw new Error(`expected a failure, got ${JSON.stringify(outcome.value)}`);
  expect(outcome.error).toBeInstanceOf(UpstreamError);
  return outcome.error as UpstreamError;
}

beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'upstream-sim-'));
  await start();
});
afterEach(async () => {
  await simulator.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

describe('submissions', () => {
  test('the regional library takes the master and the four standards; a repeat gets the original receipt', async () => {
    const submission = await validSubmission('yrd');
    const receipt = await adapter('yrd').submit(submission);
    expect(receipt).toEqual({
      receiptId: expect.stringMatching(/^SIM-YRD-/),
      target: 'yrd',
      idempotencyKey: `${submission.case.id}:yrd:1`,
      caseId: submission.case.id,
      photoVersion: 1,
      acceptedAt: expect.any(String),
      photos: submission.photos.map((p) => ({ kind: p.kind, sha256: p.sha256 })),
    });
    expect(await adapter('yrd').submit(submission)).toEqual(receipt);
    expect(await storedReceipts()).toHaveLength(1);

    // Another photo version of the same case is another submission.
    const second = await adapter('yrd').submit({ ...submission, photoVersion: 2 });
    expect(second.receiptId).not.toBe(receipt.receiptId);
  });

  test('each provincial library takes its own standard photo', async () => {
    for (const target of ['exit_entry', 'id_card', 'driving_licence'] as const) {
      const receipt = await adapter(target).submit(await validSubmission(target));
      expect(receipt.photos.map((p) => p.kind)).toEqual([target]);
    }
  });

  test('a restart of the simulator keeps every receipt: the repeat still gets the original', async () => {
    const submission = await validSubmission('id_card');
    const receipt = await adapter('id_card').submit(submission);
    await simulator.close();
    await start();
    expect(await adapter('id_card').submit(submission)).toEqual(receipt);
    expect(await storedReceipts()).toHaveLength(1);
  });
});

describe('rejections carry the reason and are not retried', () => {
  test('a wrong hash', async () => {
    const submission = await validSubmission('id_card');
    const photo = submission.photos[0]!;
    const err = await failure(
      adapter('id_card').submit({ ...submission, photos: [{ ...photo, sha256: 'a'.repeat(64) }] }),
    );
    expect(err).toBeInstanceOf(UpstreamRejectedError);
    expect(err).toMatchObject({ kind: 'rejected', status: 422, code: 'validation_failed' });
    expect(err.problems).toEqual([
      {
        photo: 'id_card',
        field: 'sha256',
        reason: expect.stringContaining(`the bytes hash to ${photo.sha256}`),
      },
    ]);
    expect(err.message).toContain('id_card sha256: declared aaaa');
    expect(await storedReceipts()).toEqual([]);
  });

  test('a photo of the wrong pixel size or outside its KB range, or one carrying EXIF', async () => {
    const submission = await validSubmission('exit_entry');
    const wrongSize = photoForSubmission(
      'exit_entry',
      await photoBytes('id_card'),
      submission.photos[0]!.certificate,
    );
    const withGps = photoForSubmission('exit_entry', await withPhoneMetadata(await photoBytes('exit_entry')));
    for (const [photo, reason] of [
      [wrongSize, /358x441 pixels, exit_entry wants 354x472.*KB, exit_entry wants 20-80 KB/],
      [withGps, /carries metadata \(APP1, APP2\)/],
    ] as const) {
      const err = await failure(adapter('exit_entry').submit({ ...submission, photos: [photo] }));
      expect(err).toBeInstanceOf(UpstreamRejectedError);
      expect(err.message).toMatch(reason);
    }
  });

  test('the wrong set of photos for the target', async () => {
    const submission = await validSubmission('yrd');
    const err = await failure(adapter('yrd').submit({ ...submission, photos: submission.photos.slice(1) }));
    expect(err).toMatchObject({ kind: 'rejected', code: 'wrong_photo_set' });
    expect(err.problems).toEqual([{ photo: 'master', field: 'photos', reason: 'missing' }]);
  });

  test('a key reused with other content is a conflict', async () => {
    const submission = await validSubmission('driving_licence');
    await adapter('driving_licence').submit(submission);
    const err = await failure(
      adapter('driving_licence').submit({ ...submission, person: { ...submission.person, name: '李娜' } }),
    );
    expect(err).toMatchObject({ kind: 'rejected', status: 409, code: 'idempotency_conflict' });
  });

  test('reject the next N: N submissions are refused, the one after is accepted', async () => {
    await setFaults({ rejectNext: 2 });
    const submission = await validSubmission('id_card');
    for (let i = 0; i < 2; i++)
      expect(await failure(adapter('id_card').submit(submission))).toMatchObject({
        kind: 'rejected',
        code: 'rejected_by_library',
      });
    expect((await adapter('id_card').submit(submission)).caseId).toBe(submission.case.id);
  });

  test('a wrong token is an authentication failure', async () => {
    const err = await failure(adapter('yrd', { token: 'stolen' }).submit(await validSubmission('yrd')));
    expect(err).toBeInstanceOf(UpstreamAuthenticationError);
    expect(err).toMatchObject({ kind: 'authentication', status: 401, code: 'unauthenticated' });
    // Each library has its own token.
    const other = createHttpAdapter('yrd', {
      url: simulator.targetUrl('yrd'),
      token: tokens.id_card,
      timeoutMs: 5_000,
    });
    expect(await failure(other.submit(await validSubmission('yrd')))).toBeInstanceOf(
      UpstreamAuthenticationError,
    );
  });
});

describe('outages are retryable, and the retry after one gets the receipt', () => {
  test('down: the connection is dropped', async () => {
    const submission = await validSubmission('id_card');
    await setFaults({ down: true });
    const err = await failure(adapter('id_card').submit(submission));
    expect(err).toBeInstanceOf(UpstreamRetryableError);
    expect(err).toMatchObject({ code: 'unreachable', status: undefined });
    await setFaults({ down: false });
    expect((await adapter('id_card').submit(submission)).target).toBe('id_card');
  });

  test('not listening at all', async () => {
    const submission = await validSubmission('id_card');
    await simulator.close();
    expect(await failure(adapter('id_card').submit(submission))).toMatchObject({
      kind: 'retryable',
      code: 'unreachable',
    });
    await start();
  });

  test('latency beyond the timeout, and calls never answered, time out', async () => {
    const submission = await validSubmission('id_card');
    await setFaults({ latencyMs: 1_000 });
    expect(await failure(adapter('id_card', { timeoutMs: 200 }).submit(submission))).toMatchObject({
      kind: 'retryable',
      code: 'timeout',
    });
    await setFaults({ latencyMs: 0, timeoutRate: 1 });
    expect(await failure(adapter('id_card', { timeoutMs: 200 }).submit(submission))).toMatchObject({
      kind: 'retryable',
      code: 'timeout',
    });
    await setFaults({ timeoutRate: 0, latencyMs: 50 });
    expect((await adapter('id_card', { timeoutMs: 5_000 }).submit(submission)).target).toBe('id_card');
  });

  test('server errors, with the Retry-After the library asks for', async () => {
    await setFaults({ errorRate: 1 });
    const err = await failure(adapter('yrd').submit(await validSubmission('yrd')));
    expect(err).toBeInstanceOf(UpstreamRetryableError);
    expect(err).toMatchObject({ status: 503, code: 'unavailable', retryAfterMs: 1000 });
  });
});

describe('recall', () => {
  test('withdraws an accepted submission once; a repeat gets the original recall receipt, also after a restart', async () => {
    const receipt = await adapter('exit_entry').submit(await validSubmission('exit_entry'));
    const recall = await adapter('exit_entry').recall({ receiptId: receipt.receiptId, reason: 'revoked' });
    expect(recall).toEqual({
      recallId: expect.any(String),
      receiptId: receipt.receiptId,
      target: 'exit_entry',
      recalledAt: expect.any(String),
    });
    await simulator.close();
    await start();
    expect(await adapter('exit_entry').recall({ receiptId: receipt.receiptId, reason: 'revoked' })).toEqual(
      recall,
    );
  });

  test('an unknown receipt is rejected', async () => {
    const err = await failure(
      adapter('yrd').recall({ receiptId: 'SIM-YRD-000000000000000000000000', reason: 'x' }),
    );
    expect(err).toMatchObject({ kind: 'rejected', status: 404, code: 'unknown_receipt' });
  });
});

describe('toActivityFailure', () => {
  const details = { target: 'yrd', code: 'x', status: 422 } as const;

  test("rejections stop the retries; outages are retried as the library asks, wrong credentials at the backoff's pace", () => {
    const rejected = toActivityFailure(new UpstreamRejectedError('bad hash', details)) as ApplicationFailure;
    expect(rejected).toBeInstanceOf(ApplicationFailure);
    expect(rejected).toMatchObject({ type: failureTypes.upstreamRejected, nonRetryable: true });
    expect(rejected.details).toEqual([
      expect.objectContaining({ kind: 'rejected', target: 'yrd', code: 'x' }),
    ]);
    const auth = toActivityFailure(new UpstreamAuthenticationError('401', details)) as ApplicationFailure;
    expect(auth).toMatchObject({ type: failureTypes.upstreamAuthentication, nonRetryable: false });
    expect(auth.nextRetryDelay).toBeGreaterThanOrEqual(2_500);
    const outage = toActivityFailure(
      new UpstreamRetryableError('503', { ...details, retryAfterMs: 2000 }),
    ) as ApplicationFailure;
    expect(outage).toMatchObject({
      type: failureTypes.upstreamUnavailable,
      nonRetryable: false,
      nextRetryDelay: 2000,
    });
    const other = new Error('database down');
    expect(toActivityFailure(other)).toBe(other);
  });

  test('an outage without Retry-After waits the backoff of its attempt, jittered between half and 1.5 times', () => {
    for (const attempt of [1, 3, 12]) {
      const backoff = Math.min(600_000, 5_000 * 2 ** (attempt - 1));
      const waits = Array.from({ length: 50 }, () => {
        const failure = toActivityFailure(new UpstreamRetryableError('503', details), attempt);
        return (failure as ApplicationFailure).nextRetryDelay as number;
      });
      for (const wait of waits) {
        expect(wait).toBeGreaterThanOrEqual(backoff / 2);
        expect(wait).toBeLessThanOrEqual(backoff * 1.5);
      }
      expect(new Set(waits).size).toBeGreaterThan(1);
    }
    expect(jitteredBackoffMs(1, () => 0)).toBe(2_500);
    expect(jitteredBackoffMs(2, () => 0.5)).toBe(10_000);
    expect(jitteredBackoffMs(30, () => 0.75)).toBe(750_000);
  });
});
