/**
 * The CHECK constraint on `cases.status`, written from domain/lifecycle.ts after every migration run: a new
 * status in the module reaches the database without a hand-written copy of the list.
 */
import type { Knex } from 'knex';
import { caseStatuses } from '../domain/lifecycle';

const constraint = 'cases_status_in_lifecycle';

export async function applyLifecycleConstraint(db: Knex): Promise<void> {
  // DDL takes no bind parameters: the names are plain identifiers, checked before they are written in.
  if (!caseStatuses.every((s) => /^[a-z_]+$/.test(s))) throw new Error('a case status is not a plain name');
  const allowed = caseStatuses.map((s) => `'${s}'`).join(', ');
  await db.transaction(async (trx) => {
    await trx.raw(`alter table cases drop constraint if exists ${constraint}`);
    await trx.raw(`alter table cases add constraint ${constraint} check (status in (${allowed}))`);
  });
}

/** The statuses the database allows, read back from the catalogue (for the test that holds it to the module). */
export async function statusesAllowedByDatabase(db: Knex): Promise<string[]> {
  const { rows } = await db.raw<{ rows: { definition: string }[] }>(
    `select pg_get_constraintdef(oid) as definition from pg_constraint where conname = ?`,
    [constraint],
  );
  return [...(rows[0]?.definition ?? '').matchAll(/'([a-z_]+)'::text/g)].map((m) => m[1]!);
}
