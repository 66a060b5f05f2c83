/**
 * The photo case workflow on Temporal's time-skipping test server, with its activities as plain functions:
 * the orchestration alone, in seconds, without a database, Keycloak or the pipeline. Retry waits (minutes in
 * production) are skipped.
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import type { CaseFailure, CaseRef, ProcessedMaster } from './contracts';
import { failureTypes, getCaseState, photoWorkflowId } from './contracts';
import { photoCaseV2 } from './photo-case';
import { defaultProcessingRetry } from '../domain/processing';
import { useTimeSkipping } from '../test/support/time-skipping';

jest.setTimeout(60_000);

const markProcessing = jest.fn<Promise<void>, [CaseRef]>();
const processMaster = jest.fn<Promise<ProcessedMaster>, [CaseRef]>();
const markFailed = jest.fn<Promise<void>, [CaseFailure]>();

const world = useTimeSkipping({ markProcessing, processMaster, markFailed });

beforeEach(() => {
  jest.resetAllMocks();
  markProcessing.mockResolvedValue(undefined);
  markFailed.mockResolvedValue(undefined);
});

const processed: ProcessedMaster = {
  width: 1350,
  height: 1350,
  verdict: 'pass',
  photos: ['exit_entry', 'id_card'],
};
const noFace = {
  code: 'no_face',
  message: { zh: '照片中没有人脸：请重新采集。', en: 'No face in the photo: capture again.' },
};

function start(caseId: string, processing = defaultProcessingRetry) {
  return world.client.workflow.start(photoCaseV2, {
    taskQueue: world.taskQueue,
    workflowId: photoWorkflowId(caseId),
    args: [{ caseId, processing }],
  });
}

test('a processed master: the state carries its size, verdict and photos; nothing is marked failed', async () => {
  const caseId = randomUUID();
  processMaster.mockResolvedValue(processed);

  const result = await (await start(caseId)).result();

  expect(result).toEqual({
    caseId,
    status: 'processed',
    attempt: 1,
    master: { width: 1350, height: 1350 },
    verdict: 'pass',
    photos: ['exit_entry', 'id_card'],
  });
  expect(markProcessing.mock.calls).toEqual([[{ caseId }]]);
  expect(processMaster.mock.calls).toEqual([[{ caseId }]]);
  expect(markFailed).not.toHaveBeenCalled();
});

test('a rejected photo is not retried: the case is marked failed with the code and message of the rejection', async () => {
  const caseId = randomUUID();
  processMaster.mockRejectedValue(
    ApplicationFailure.create({
      type: failureTypes.photoRejected,
      message: 'No face found in the photo',
      nonRetryable: true,
      details: [noFace],
    }),
  );

  const result = await (await start(caseId)).result();

  expect(processMaster).toHaveBeenCalledTimes(1);
  expect(markFailed.mock.calls).toEqual([
    [{ caseId, reason: 'No face found in the photo', code: 'no_face', message: noFace.message }],
  ]);
  expect(result).toEqual({
    caseId,
    status: 'failed',
    attempt: 1,
    failureReason: 'No face found in the photo',
  });
});

test('processing that keeps failing gives up after its attempts (their waits skipped) with processing_failed', async () => {
  const caseId = randomUUID();
  processMaster.mockRejectedValue(new Error('blob 1234 is missing'));

  const handle = await start(caseId);
  const result = await handle.result();

  const { attempts } = defaultProcessingRetry;
  expect(processMaster).toHaveBeenCalledTimes(attempts);
  const reason = `processing failed ${attempts} times: blob 1234 is missing`;
  expect(markFailed.mock.calls).toEqual([
    [
      {
        caseId,
        reason,
        code: 'processing_failed',
        message: { zh: expect.stringContaining('重新采集'), en: expect.stringContaining('capture again') },
      },
    ],
  ]);
  expect(result).toEqual({ caseId, status: 'failed', attempt: 1, failureReason: reason });
  // The retry waits (2 s doubling to at most a minute: 302 s for ten attempts) passed in workflow time.
  const { startTime, closeTime } = await handle.describe();
  expect(closeTime!.getTime() - startTime.getTime()).toBeGreaterThanOrEqual(302_000);
});

test('getCaseState answers while the master is being processed, and after the case is done', async () => {
  const caseId = randomUUID();
  let release!: (value: ProcessedMaster) => void;
  const processing = new Promise<void>((started) => {
    processMaster.mockImplementation(() => {
      started();
      return new Promise((resolve) => (release = resolve));
    });
  });
  const handle = await start(caseId);

  await processing;
  expect(await handle.query(getCaseState)).toEqual({ caseId, status: 'processing', attempt: 1 });
  release(processed);
  await handle.result();
  expect(await handle.query(getCaseState)).toMatchObject({ caseId, status: 'processed', verdict: 'pass' });
});
