/**
 * The audit trail's verification as an auditor meets it: the API answers intact, then, after an intruder
 * changed one entry's data in the database (the append-only triggers off, as a superuser could), both the
 * API and the `tongpai-audit` CLI name that entry. Each run through the API is itself in the audit trail,
 * and the last one is answered without verifying again; a reviewer is refused.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { appendAuditEvent, type AuditRow } from '../db/audit';
import { writeAuditCheckpoint } from '../db/audit-verify';
import { verificationLockKey } from '../db/audit-verifications';
import { whileHoldingLock } from '../db/session-lock';
import type { AuditVerificationReport } from '../domain/schemas';
import { apiCall } from './support/api';
import { startCaptureService, type CaptureService } from './support/capture-service';
import { insertTestCase } from './support/cases';
import { testKeys, testKeysDir } from './support/keys';
import { tokenFor } from './support/tokens';

jest.setTimeout(120_000);

let service: CaptureService;
let caseId: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  service = await startCaptureService('audit-verification');
  const { db } = service.database;
  caseId = await insertTestCase(db);
  for (const n of [1, 2, 3])
    await db.transaction((trx) =>
      appendAuditEvent(trx, { at: new Date(), caseId, actor: 'test', action: 'test.event', data: { n } }),
    );
  await writeAuditCheckpoint(db, testKeys());
  for (const user of ['aud.sh', 'adm.province', 'rev.sh']) tokens[user] = await tokenFor(user);
});

afterAll(async () => {
  await service?.close();
});

const verification = (user: string, latest = false) =>
  latest
    ? apiCall(service.api.baseUrl, 'GET', '/api/v1/audit/verifications/latest', tokens[user])
    : apiCall(service.api.baseUrl, 'POST', '/api/v1/audit/verifications', tokens[user], {});

const cli = (...args: string[]) =>
  promisify(execFile)(path.join(__dirname, '..', 'bin', 'tongpai-audit'), args, {
    env: { ...process.env, DATABASE_URL: service.database.url, SIGNING_KEYS_DIR: testKeysDir() },
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (err: { code: number; stdout: string; stderr: string }) => ({
      code: err.code,
      stdout: err.stdout + err.stderr,
    }),
  );

test('an intact trail is answered intact, and the run is itself an entry of the trail', async () => {
  const answer = await verification('aud.sh');
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ ok: true, actor: 'aud.sh', events: 3, streams: 1, checkpoints: 1 });
  expect((answer.body as AuditVerificationReport).problem).toBeNull();

  const latest = await verification('adm.province', true);
  expect(latest.status).toBe(200);
  expect(latest.body).toEqual(answer.body);

  const recorded = await service.database
    .db<AuditRow>('audit_events')
    .where({ stream: 'system', action: 'audit.verified' });
  expect(recorded).toEqual([
    expect.objectContaining({ actor: 'aud.sh', data: expect.objectContaining({ ok: true, events: 3 }) }),
  ]);
});

test('a reviewer may not verify the trail nor read its last verification', async () => {
  for (const latest of [false, true]) {
    const answer = await verification('rev.sh', latest);
    expect(answer.status).toBe(403);
    expect(answer.type).toContain('application/problem+json');
  }
});

test('one verification at a time: while another runs, a second is refused with 409, and then runs', async () => {
  const { db } = service.database;
  const before = await db('audit_verifications').count({ n: '*' }).first();
  // Held here as a running verification (another API process, or the CLI) holds it.
  const held = await whileHoldingLock(db, verificationLockKey, async () => {
    const refused = await verification('aud.sh');
    expect(refused).toMatchObject({ status: 409, body: { code: 'verification_running' } });
    expect(refused.type).toContain('application/problem+json');
    expect(await cli('verify')).toEqual({ code: 2, stdout: expect.stringContaining('already running') });
  });
  expect(held.done).toBe(true);
  expect(await db('audit_verifications').count({ n: '*' }).first()).toEqual(before);
  expect((await verification('aud.sh')).status).toBe(200);
});

test('an entry changed in the database is named by the API and by the CLI (exit 1)', async () => {
  const { db } = service.database;
  const second = (await db<AuditRow>('audit_events').where({ stream: caseId, seq: '2' }).first())!;
  await db.transaction(async (trx) => {
    await trx.raw('set local session_replication_role = replica');
    await trx('audit_events')
      .where({ id: second.id })
      .update({ data: { n: 99 } });
  });

  const answer = await verification('adm.province');
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({
    ok: false,
    actor: 'adm.province',
    problem: { kind: 'broken_link', stream: caseId, seq: '2', eventId: String(second.id) },
  });
  expect((await verification('aud.sh', true)).body).toEqual(answer.body);

  const run = await cli('verify');
  expect(run.code).toBe(1);
  expect(run.stdout).toContain(`BROKEN: broken link: stream ${caseId} seq 2 (entry id ${second.id})`);
  const runs = await db('audit_verifications').orderBy('id').pluck('actor');
  // The first test's run, the one-at-a-time test's run once free, this test's two.
  expect(runs).toEqual(['aud.sh', 'aud.sh', 'adm.province', expect.stringMatching(/^cli:/)]);
});

test('the CLI prints the signed checkpoints as JSON lines, and refuses a command it does not know (exit 2)', async () => {
  const printed = await cli('checkpoints');
  expect(printed.code).toBe(0);
  const lines = printed.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, string>);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ events: '3', keyId: testKeys().activeKeyId });
  expect(testKeys().verify(lines[0]!.keyId!, Buffer.from(lines[0]!.signed!), lines[0]!.signature!)).toBe(
    true,
  );

  expect((await cli('truncate')).code).toBe(2);
});
