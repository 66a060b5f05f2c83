/** The library in scope: cases whose photos are issued and current, certified photos in force, revocations. */
import type { Knex } from 'knex';
import { chinaMidnight, scopedCases, type RegionScope } from './scope';

export interface LibraryFiguresRow {
  issued_cases: number;
  issued_photos: number;
  revocations: number;
  revocations_today: number;
}

export async function libraryFigures(db: Knex, scope: RegionScope): Promise<LibraryFiguresRow> {
  const [cases] = await scopedCases(db, scope)
    .whereIn('status', ['issued', 'revoked'])
    .select(
      db.raw(`count(*) filter (where status = 'issued')::int as issued_cases`),
      db.raw(`count(*) filter (where status = 'revoked')::int as revocations`),
      db.raw(`count(*) filter (where revoked_at >= ${chinaMidnight})::int as revocations_today`),
    );
  const [photos] = await db('issued_photos as p')
    .join(scopedCases(db, scope).select('id').as('c'), 'c.id', 'p.case_id')
    .where('p.state', 'issued')
    .select(db.raw('count(*)::int as issued_photos'));
  return { ...(cases as Omit<LibraryFiguresRow, 'issued_photos'>), ...(photos as { issued_photos: number }) };
}
