/**
 * The count every drill ends with: for every case and library, the receipts the simulator holds (its store on
 * disk) and the one Tongpai recorded (`upstream_submissions`). Expected: exactly one receipt per case and
 * library, the same on both sides. A receipt is lost when the library holds none or Tongpai does not hold the
 * library's; a duplicate is any receipt beyond the first the library issued for a case and library (counted
 * from its log, one line per new acceptance). Repeats the library answered with the original receipt are
 * counted apart: they are the idempotency key at work. With `recalls`, the same for the recalls.
 */
import { upstreamTargets } from '../../domain/upstream';
import type { StoredSubmission } from '../../upstream-sim/store';
import type { DrillStack } from './stack';

export interface DrillCount {
  cases: number;
  expected: number;
  receipts: number;
  duplicates: number;
  lost: number;
  /** Repeats answered with the original receipt. */
  replays: number;
  recalls?: { expected: number; recalled: number; duplicates: number; lost: number };
}

interface Row {
  case_id: string;
  target: string;
  state: string;
  receipt_id: string | null;
  recall_id: string | null;
}

export async function countReceipts(
  stack: DrillStack,
  caseIds: string[],
  { recalls = false } = {},
): Promise<DrillCount> {
  const stored = (await (
    await fetch(`${stack.simulatorUrl}/admin/submissions`)
  ).json()) as StoredSubmission[];
  const rows: Row[] = await stack
    .db('upstream_submissions')
    .whereIn('case_id', caseIds)
    .select('case_id', 'target', 'state', 'receipt_id', 'recall_id');
  const pairOfReceipt = new Map(
    stored.map((s) => [s.receipt.receiptId, `${s.receipt.caseId}:${s.receipt.target}`]),
  );
  const accepted = (msg: string, replayed: boolean) => {
    const perPair = new Map<string, number>();
    for (const e of stack.simulatorEvents) {
      const pair = e.receiptId && pairOfReceipt.get(e.receiptId);
      if (e.msg === msg && e.replayed === replayed && pair) perPair.set(pair, (perPair.get(pair) ?? 0) + 1);
    }
    return perPair;
  };
  const newReceipts = accepted('submission accepted', false);
  const replayedReceipts = accepted('submission accepted', true);
  const newRecalls = accepted('recall accepted', false);

  const count: DrillCount = {
    cases: caseIds.length,
    expected: caseIds.length * upstreamTargets.length,
    receipts: 0,
    duplicates: 0,
    lost: 0,
    replays: 0,
    ...(recalls
      ? {
          recalls: { expected: caseIds.length * upstreamTargets.length, recalled: 0, duplicates: 0, lost: 0 },
        }
      : {}),
  };
  for (const caseId of caseIds)
    for (const target of upstreamTargets) {
      const pair = `${caseId}:${target}`;
      const held = stored.filter((s) => s.receipt.caseId === caseId && s.receipt.target === target);
      const recorded = rows.filter((r) => r.case_id === caseId && r.target === target && r.receipt_id);
      count.receipts += held.length;
      count.duplicates += Math.max(0, (newReceipts.get(pair) ?? 0) - 1, held.length - 1);
      count.replays += replayedReceipts.get(pair) ?? 0;
      const agreed = held.some((s) => recorded.some((r) => r.receipt_id === s.receipt.receiptId));
      if (!held.length || !agreed) count.lost += 1;
      if (!count.recalls) continue;
      const recalled = held.filter((s) => s.recall);
      count.recalls.recalled += recalled.length;
      count.recalls.duplicates += Math.max(0, (newRecalls.get(pair) ?? 0) - 1);
      const recordedRecall = recalled.some((s) =>
        recorded.some((r) => r.state === 'recalled' && r.recall_id === s.recall!.recallId),
      );
      if (!recordedRecall) count.recalls.lost += 1;
    }
  return count;
}

/** Exactly one receipt per case and library, the same on both sides (and one recall each, when counted). */
export const countIsRight = (c: DrillCount) =>
  c.receipts === c.expected &&
  c.duplicates === 0 &&
  c.lost === 0 &&
  (!c.recalls ||
    (c.recalls.recalled === c.recalls.expected && c.recalls.duplicates === 0 && c.recalls.lost === 0));
