/** Cases written straight into a test database (no capture, no workflow), for tests about who sees or logs what. */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { CaseStatus } from '../../domain/lifecycle';
import { insertCase, personColumnsOf } from '../../db/cases';
import { testPersonCipher } from './keys';

/** A seeded case's Pudong station, operator, placeholder master and workflow id: the columns no test looks at. */
export const seededCaseFields = (id: string) => ({
  station_id: 'sh-pudong-ee',
  region_id: 'shanghai',
  operator_subject: 'seeded',
  operator_username: 'seeded.operator',
  master_sha256: '0'.repeat(64),
  master_mime_type: 'image/jpeg',
  master_bytes: 1,
  workflow_id: `photo-${id}`,
});

/**
 * `count` issued residents captured at Pudong over the last minutes, in one statement (ID numbers, photos and
 * workflows left out): a list longer than the console or the API shows whole.
 */
export async function insertBulkCases(db: Knex, count: number): Promise<void> {
  await db.raw(
    `insert into cases (id, status, category, person_name, station_id, region_id, operator_subject,
      operator_username, master_sha256, master_mime_type, master_bytes, workflow_id, captured_at, documents)
    select gen_random_uuid(), 'issued', 'resident', '赵' || n, 'sh-pudong-ee',
      'shanghai', 'seeded', 'seeded.operator', repeat('0', 64), 'image/jpeg', 1, 'photo-bulk-' || n,
      now() - n * interval '1 minute', '{id_card}'
    from generate_series(1, ?) n`,
    [count],
  );
}

export async function insertTestCase(
  db: Knex,
  {
    id = randomUUID(),
    stationId = 'sh-pudong-ee',
    regionId = 'shanghai',
    status = 'received',
    idNumber = '11010519491231002X',
  }: { id?: string; stationId?: string; regionId?: string; status?: CaseStatus; idNumber?: string } = {},
): Promise<string> {
  await insertCase(db, {
    id,
    status,
    category: 'resident',
    person_name: '李四',
    ...personColumnsOf(db, testPersonCipher(), idNumber),
    station_id: stationId,
    region_id: regionId,
    operator_subject: 'seeded-operator',
    operator_username: 'seeded.operator',
    device: null,
    master_sha256: '0'.repeat(64),
    master_mime_type: 'image/jpeg',
    master_bytes: 1,
    master_width: null,
    master_height: null,
    workflow_id: `photo-${id}`,
    failure_reason: null,
    captured_at: new Date(),
    documents: ['id_card'],
    nationality_conflict: false,
  });
  return id;
}
