/** What the review pages compute and write, apart from React: countdowns, ranges, four-eyes. */
import type { CaseDetail } from '../../../domain/cases';
import type { CheckRange } from '../providers/dataProvider';

/** Seconds as h:mm:ss (a countdown reads best with fixed-width parts). */
export function clock(totalSeconds: number): string {
  const seconds = Math.floor(Math.abs(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

/** A passing range as a reader writes it: ≥ min, ≤ max, or min – max. */
export function rangeText({ min, max }: CheckRange): string {
  if (min !== undefined && max !== undefined) return `${min} – ${max}`;
  return min !== undefined ? `≥ ${min}` : `≤ ${max}`;
}

/** Why the signed-in user may not decide this case, if they may not (the workflow enforces it too). */
export function fourEyesConflict(record: CaseDetail, username: string): string | undefined {
  if (record.operatorUsername === username) return 'tongpai.review.four_eyes.captured_by_you';
  if (record.status === 'awaiting_second_approval' && record.firstApprover === username)
    return 'tongpai.review.four_eyes.approved_by_you';
  return undefined;
}
