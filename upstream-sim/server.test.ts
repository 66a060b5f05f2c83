/** The simulator as a library's peer sees it over HTTP: what it keeps, and how it answers what the adapter never sends. */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { upstreamTargets, type UpstreamTarget } from '../domain/upstream';
import { startSimulator, type RunningSimulator } from './server';
import { validSubmission } from './testing/submissions';

const tokens = Object.fromEntries(upstreamTargets.map((t) => [t, `token-${t}`])) as Record<
  UpstreamTarget,
  string
>;
let dataDir: string;
let simulator: RunningSimulator;

beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'upstream-sim-'));
  simulator = await startSimulator({ port: 0, dataDir, tokens });
});
afterEach(async () => {
  await simulator.close();
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function submit(target: UpstreamTarget, body: unknown, key: string) {
  const res = await fetch(`${simulator.targetUrl(target)}/submissions`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${tokens[target]}`,
      'content-type': 'application/json',
      'idempotency-key': key,
    },
    body: JSON.stringify(body),
  });
  return {
    status: res.status,
    replayed: res.headers.get('idempotent-replayed'),
    body: (await res.json()) as Record<string, unknown>,
  };
}

test('concurrent repeats of one key get one receipt; the photos and the receipt are on disk', async () => {
  const submission = { ...(await validSubmission('yrd')), target: 'yrd' };
  const key = `${submission.case.id}:yrd:1`;
  const answers = await Promise.all([1, 2, 3].map(() => submit('yrd', submission, key)));
  expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
  expect(answers.filter((a) => a.replayed === 'true')).toHaveLength(2);
  expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);

  const receiptFiles = await fs.readdir(path.join(dataDir, 'receipts', 'yrd'));
  expect(receiptFiles).toEqual([`${answers[0]!.body.receiptId}.json`]);
  for (const photo of submission.photos) {
    const stored = await fs.readFile(
      path.join(dataDir, 'blobs', photo.sha256.slice(0, 2), photo.sha256.slice(2, 4), photo.sha256),
    );
    expect(createHash('sha256').update(stored).digest('hex')).toBe(photo.sha256);
  }
});

test('the idempotency key must name the request: case, target, photo version', async () => {
  const submission = { ...(await validSubmission('id_card')), target: 'id_card' };
  const res = await submit('id_card', submission, `${submission.case.id}:id_card:2`);
  expect(res).toMatchObject({ status: 400, body: { code: 'idempotency_key_mismatch' } });
  const elsewhere = await submit('exit_entry', submission, `${submission.case.id}:exit_entry:1`);
  expect(elsewhere).toMatchObject({ status: 422, body: { code: 'wrong_target' } });
});

test('photo data that is not standard padded base64 is a malformed request, and nothing is stored', async () => {
  const submission = { ...(await validSubmission('id_card')), target: 'id_card' };
  const key = `${submission.case.id}:id_card:1`;
  const data = submission.photos[0]!.data;
  expect(data).toMatch(/[+/]/);
  const variants = {
    'a line break': `${data.slice(0, 76)}\n${data.slice(76)}`,
    'URL-safe letters': data.replace(/\+/g, '-').replace(/\//g, '_'),
    'cut short': data.slice(0, -1),
    'not base64 at all': 'this is not a photo',
  };
  for (const [name, text] of Object.entries(variants)) {
    const photos = submission.photos.map((p, i) => (i ? p : { ...p, data: text }));
    const res = await submit('id_card', { ...submission, photos }, key);
    expect([name, res]).toMatchObject([
      name,
      { status: 400, body: { code: 'malformed_request', errors: [{ field: 'photos.0.data' }] } },
    ]);
  }
  await expect(fs.readdir(path.join(dataDir, 'receipts', 'id_card'))).rejects.toThrow();
  expect(await submit('id_card', submission, key)).toMatchObject({ status: 201 });
});

test('faults are set, read back and cleared through the admin endpoint', async () => {
  const admin = (method: string, body?: unknown) =>
    fetch(`${simulator.url}/admin/faults`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    }).then(async (r) => ({ status: r.status, body: await r.json() }));
  expect(await admin('PUT', { latencyMs: 20, rejectNext: 3 })).toMatchObject({
    status: 200,
    body: { latencyMs: 20, rejectNext: 3, down: false, errorRate: 0, timeoutRate: 0 },
  });
  expect((await admin('GET')).body).toMatchObject({ latencyMs: 20, rejectNext: 3 });
  expect(await admin('PUT', { down: 'yes' })).toMatchObject({
    status: 400,
    body: { code: 'malformed_request' },
  });
  expect(await admin('PUT', { explode: true })).toMatchObject({ status: 400 });
  expect((await admin('DELETE')).body).toEqual({
    latencyMs: 0,
    errorRate: 0,
    timeoutRate: 0,
    down: false,
    rejectNext: 0,
    answerDelayMs: 0,
    targets: [],
  });
  expect(await admin('PUT', { targets: ['nowhere'] })).toMatchObject({ status: 400 });
});

test('faults hit only the targets listed; a delayed answer comes after the submission is stored', async () => {
  const setFaults = (faults: object) =>
    fetch(`${simulator.url}/admin/faults`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(faults),
    });
  await setFaults({ rejectNext: 1, answerDelayMs: 2000, targets: ['id_card'] });
  const yrd = { ...(await validSubmission('yrd')), target: 'yrd' };
  expect(await submit('yrd', yrd, `${yrd.case.id}:yrd:1`)).toMatchObject({ status: 201 });
  const idCard = { ...(await validSubmission('id_card')), target: 'id_card' };
  const key = `${idCard.case.id}:id_card:1`;
  expect(await submit('id_card', idCard, key)).toMatchObject({
    status: 422,
    body: { code: 'rejected_by_library' },
  });

  let answered = false;
  const answer = submit('id_card', idCard, key).finally(() => (answered = true));
  // Stored while the answer is held: what a library that commits, then answers late, holds.
  const stored = async () =>
    ((await (await fetch(`${simulator.url}/admin/submissions`)).json()) as []).length;
  while ((await stored()) < 2) await new Promise((r) => setTimeout(r, 20));
  expect(answered).toBe(false);
  expect(await answer).toMatchObject({ status: 201 });
});
