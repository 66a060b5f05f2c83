/** The review queues in scope: what waits for a person, what waits past its SLA, what was escalated. */
import type { Knex } from 'knex';
import { reviewStatuses } from '../../domain/lifecycle';
import { scopedCases, type RegionScope } from './scope';

export interface ReviewFiguresRow {
  in_review: number;
  awaiting_second_approval: number;
  sla_breached: number;
  escalated: number;
  oldest_queued_at: Date | null;
}

export async function reviewFigures(db: Knex, scope: RegionScope): Promise<ReviewFiguresRow> {
  const [row] = await scopedCases(db, scope)
    .whereIn('status', reviewStatuses)
    .select(
      db.raw(`count(*) filter (where status = 'in_review')::int as in_review`),
      db.raw(`count(*) filter (where status = 'awaiting_second_approval')::int as awaiting_second_approval`),
      db.raw(`count(*) filter (where sla_due_at < now())::int as sla_breached`),
      db.raw(`count(*) filter (where escalated_at is not null)::int as escalated`),
      db.raw(`min(queued_at) as oldest_queued_at`),
    );
  return row as ReviewFiguresRow;
}
