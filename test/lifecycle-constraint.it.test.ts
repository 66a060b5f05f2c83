/** The database allows exactly the lifecycle's statuses: the CHECK constraint is written from the module. */
import { randomUUID } from 'node:crypto';
import { statusesAllowedByDatabase } from '../db/lifecycle-constraint';
import { migrateLatest } from '../db/migrate';
import { caseStatuses } from '../domain/lifecycle';
import { createTestDatabase, type TestDatabase } from './support/database';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.destroy());

const newCase = (status: string) => ({
  id: randomUUID(),
  status,
  category: 'resident',
  person_name: '测试',
  id_number: '11010519491231002X',
  station_id: 'sh-pudong-ee',
  region_id: 'shanghai',
  operator_subject: 's',
  operator_username: 'op.sh.pudong',
  master_sha256: '0'.repeat(64),
  master_mime_type: 'image/jpeg',
  master_bytes: 1,
  workflow_id: `photo-${randomUUID()}`,
  captured_at: new Date(),
});

test("the constraint names the module's statuses, and stays so when migrations run again", async () => {
  expect((await statusesAllowedByDatabase(database.db)).sort()).toEqual([...caseStatuses].sort());
  await migrateLatest(database.db);
  expect((await statusesAllowedByDatabase(database.db)).sort()).toEqual([...caseStatuses].sort());
});

test('a status outside the lifecycle is refused by the database itself', async () => {
  await expect(database.db('cases').insert(newCase('processed_twice'))).rejects.toThrow(
    /cases_status_in_lifecycle/,
  );
  await database.db('cases').insert(newCase('in_review'));
});
