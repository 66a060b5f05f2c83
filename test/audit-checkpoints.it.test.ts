/**
 * The worker's audit-checkpoints schedule: made once however often workers start, and each run writes a signed
 * checkpoint over the chains appended to since the last, which verification then holds the trail to.
 */
import { appendAuditEvent } from '../db/audit';
import { verifyAuditTrail } from '../db/audit-verify';
import { auditScheduleId, ensureAuditSchedule } from '../activities/schedules';
import { createTestBlobs, type TestBlobs } from './support/blobs';
import { createTestDatabase, type TestDatabase } from './support/database';
import { testKeys } from './support/keys';
import {
  activityDeps,
  closeActivityDeps,
  connectClient,
  startWorker,
  uniqueTaskQueue,
  type RunningWorker,
} from './support/temporal';
import { waitUntil } from '../stack/process';

jest.setTimeout(120_000);

let database: TestDatabase;
let blobs: TestBlobs;
let temporal: Awaited<ReturnType<typeof connectClient>>;
let worker: RunningWorker;
const taskQueue = uniqueTaskQueue('audit');

beforeAll(async () => {
  [database, blobs, temporal] = await Promise.all([createTestDatabase(), createTestBlobs(), connectClient()]);
  worker = await startWorker(taskQueue, await activityDeps(database.db, blobs.blobs));
});

afterAll(async () => {
  await temporal?.client.schedule
    .getHandle(auditScheduleId(taskQueue))
    .delete()
    .catch(() => undefined);
  await worker?.stop();
  await closeActivityDeps();
  await temporal?.close();
  await blobs?.destroy();
  await database?.destroy();
});

const checkpoints = async () => Number((await database.db('audit_checkpoints').count({ n: '*' }))[0]!.n);

test('the schedule is made once, and a run writes a signed checkpoint that verification holds the trail to', async () => {
  const { client } = temporal;
  await ensureAuditSchedule(client, taskQueue, 60);
  await ensureAuditSchedule(client, taskQueue, 30); // a second worker starting, with another interval
  const described = await client.schedule.getHandle(auditScheduleId(taskQueue)).describe();
  expect(described.spec.intervals).toEqual([{ every: 30 * 60_000, offset: undefined }]);
  expect(described.action).toMatchObject({ workflowType: 'auditCheckpoint', taskQueue });

  await database.db.transaction((trx) =>
    appendAuditEvent(trx, {
      at: new Date(),
      caseId: null,
      actor: 'test',
      action: 'test.event',
      data: { n: 1 },
    }),
  );
  await client.schedule.getHandle(auditScheduleId(taskQueue)).trigger();
  await waitUntil('a checkpoint', async () => (await checkpoints()) === 1, {
    timeoutMs: 60_000,
    intervalMs: 200,
  });
  const verified = await verifyAuditTrail(database.db, testKeys());
  expect(verified).toMatchObject({ ok: true, checkpoints: 1, events: 1, problem: null });
});
