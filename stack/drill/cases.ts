/**
 * Cases for the drills: residents captured through the API as the operator of Pudong, with faces that pass
 * every profile, so each is issued without a person and submitted to the four libraries; and the waits for
 * their submissions to settle.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config';
import { upstreamIdempotencyKey, upstreamTargets, type UpstreamSubmissionState } from '../../domain/upstream';
import { receiptIdOf } from '../../upstream-sim/store';
import { tokenFor } from '../../test/support/tokens';
import { captureResident } from '../bench/capture-resident';
import { residentIdNumbers } from '../bench/id-numbers';
import { waitUntil } from '../process';
import type { DrillStack } from './stack';

const faceFiles = ['london_002_neutral.jpg', 'london_006_neutral.jpg', 'london_024_neutral.jpg'];
let faces: Buffer[] | undefined;
/** New people on every run: no issue supersedes (and recalls) another drill's case. */
const idNumbers = residentIdNumbers();

export const operator = 'op.sh.pudong';
export const administrator = 'adm.sh';

export async function captureResidents(stack: DrillStack, count: number): Promise<string[]> {
  faces ??= faceFiles.map((f) => readFileSync(path.join(loadConfig().TONGPAI_TESTDATA_DIR, 'faces-hr', f)));
  const token = await tokenFor(operator, { keycloakUrl: stack.keycloakUrl });
  const caseIds: string[] = [];
  for (let n = 0; n < count; n++)
    caseIds.push(
      await captureResident({
        apiUrl: stack.apiUrl,
        token,
        photo: faces[n % faces.length]!,
        personName: `演练${n}`,
        idNumber: idNumbers.next().value!,
        device: 'fault drill',
      }),
    );
  return caseIds;
}

/** The cases' rows, or undefined while the database cannot be read (a drill may have stopped it). */
async function submissionStates(stack: DrillStack, caseIds: string[]) {
  try {
    return await stack
      .db('upstream_submissions')
      .whereIn('case_id', caseIds)
      .select<{ case_id: string; target: string; state: UpstreamSubmissionState; attempts: number }[]>(
        'case_id',
        'target',
        'state',
        'attempts',
      );
  } catch {
    return undefined;
  }
}

/** Waits until every case has a row per library in `state` (delivered by default). */
export async function waitForSubmissions(
  stack: DrillStack,
  caseIds: string[],
  { state = 'delivered', timeoutMs = 120_000 }: { state?: UpstreamSubmissionState; timeoutMs?: number } = {},
): Promise<void> {
  await waitUntil(
    `${caseIds.length * 4} submissions ${state}`,
    async () => {
      const rows = await submissionStates(stack, caseIds);
      return rows?.length === caseIds.length * 4 && rows.every((r) => r.state === state);
    },
    { timeoutMs, intervalMs: 250 },
  );
}

/** Waits until `ready` holds for the cases' submission rows (read as they are, failures as not yet). */
export async function waitForRows(
  stack: DrillStack,
  caseIds: string[],
  what: string,
  ready: (rows: { case_id: string; target: string; state: string; attempts: number }[]) => boolean,
  timeoutMs = 120_000,
): Promise<void> {
  await waitUntil(
    what,
    async () => {
      const rows = await submissionStates(stack, caseIds);
      return rows !== undefined && ready(rows);
    },
    { timeoutMs, intervalMs: 250 },
  );
}

/** The cases' status, for a drill's report. */
export async function caseStatuses(stack: DrillStack, caseIds: string[]): Promise<string[]> {
  const rows: { status: string }[] = await stack.db('cases').whereIn('id', caseIds).select('status');
  return rows.map((r) => r.status);
}

/**
 * The cases' submissions the simulator has accepted (first photo version) while Tongpai has not recorded them
 * as delivered: with `answerDelayMs` set, the library holds their receipt and the worker still waits for it.
 */
export async function acceptedNotRecorded(
  stack: DrillStack,
  caseIds: string[],
): Promise<{ caseId: string; target: string; receiptId: string }[]> {
  const accepted = new Set(
    stack.simulatorEvents
      .filter((e) => e.msg === 'submission accepted' && !e.replayed)
      .map((e) => e.receiptId),
  );
  const pairs = caseIds.flatMap((caseId) =>
    upstreamTargets
      .map((target) => ({
        caseId,
        target,
        receiptId: receiptIdOf(target, upstreamIdempotencyKey(caseId, target, 1)),
      }))
      .filter((pair) => accepted.has(pair.receiptId)),
  );
  const rows = (await submissionStates(stack, caseIds)) ?? [];
  const recorded = (p: { caseId: string; target: string }) =>
    rows.some((r) => r.case_id === p.caseId && r.target === p.target && r.state === 'delivered');
  return pairs.filter((p) => !recorded(p));
}

/** Waits until every case is issued (its submissions started). */
export async function waitForIssued(
  stack: DrillStack,
  caseIds: string[],
  timeoutMs = 120_000,
): Promise<void> {
  await waitUntil(
    `${caseIds.length} cases issued`,
    async () => (await caseStatuses(stack, caseIds)).filter((s) => s === 'issued').length === caseIds.length,
    { timeoutMs, intervalMs: 250 },
  );
}

/** How far the cases have gone, e.g. "2 issued, 1 processing; 3 of 12 submissions delivered". */
export async function progressOf(stack: DrillStack, caseIds: string[]): Promise<string> {
  const statuses = await caseStatuses(stack, caseIds);
  const byStatus = new Map<string, number>();
  for (const s of statuses) byStatus.set(s, (byStatus.get(s) ?? 0) + 1);
  const rows = (await submissionStates(stack, caseIds)) ?? [];
  const delivered = rows.filter((r) => r.state === 'delivered').length;
  return `${[...byStatus].map(([s, n]) => `${n} ${s}`).join(', ')}; ${delivered} of ${caseIds.length * upstreamTargets.length} submissions delivered`;
}
