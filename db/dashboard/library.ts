/** The library in scope: cases whose photos are issued and current, certified photos in force, revocations. */
import type { Knex } from 'knex';
import { chinaMidnight, counted, scopedCases, total, type RegionScope } from './scope';

export interface LibraryFiguresRow {
  issued_cases: number;
  issued_photos: number;
  revocations: number;
  revocations_today: number;
}

/** All-time counts from the `cases` (key {status}) and `issued_photos` counters; today's revocations by index. */
export async function libraryFigures(db: Knex, scope: RegionScope): Promise<LibraryFiguresRow> {
  const [[cases], [photos], [today]] = await Promise.all([
    counted(db, scope, 'cases').select(
      db.raw(`${total(`key[1] = 'issued'`)} as issued_cases`),
      db.raw(`${total(`key[1] = 'revoked'`)} as revocations`),
    ),
    counted(db, scope, 'issued_photos').select(db.raw(`${total()} as issued_photos`)),
    scopedCases(db, scope)
      .where('status', 'revoked')
      .where('revoked_at', '>=', db.raw(chinaMidnight))
      .select(db.raw('count(*)::int as revocations_today')),
  ]);
  return { ...cases, ...photos, ...today } as LibraryFiguresRow;
}
