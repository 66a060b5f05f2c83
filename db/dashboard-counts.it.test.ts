/**
 * The dashboard's counters (migration 0019): filled from the tables by the migration over data written before
 * it, then kept by the triggers through inserts, updates and deletes of every kind the figures count (a retake,
 * status moves, a delivery recalled, a photo revoked, a grant revoked and read, a verdict corrected). At the end
 * the counters the triggers kept equal a fresh fill from the tables.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { insertTestCase } from '../test/support/cases';
import { createTestDatabase, type TestDatabase } from '../test/support/database';
import { newAttempt, residentIdNumber, seedAttempts } from '../test/support/seeded-attempts';
import { migrateLatest, migrateUpTo } from './migrate';
import { backfill } from './migrations/0019_dashboard_counts';
import { seedDemoStations } from './seed';
import { upsertThirdParties } from './third-party-clients';

jest.setTimeout(120_000);

const hour = 3600_000;
const day = 24 * hour;

let database: TestDatabase;
afterAll(async () => {
  await database?.destroy();
});

/** The counters, without the rows a later change brought back to zero, in a stable order. */
const counters = async (db: Knex) =>
  db('dashboard_counts')
    .whereNot('n', 0)
    .orderByRaw('figure, bucket nulls first, region_id, station_id nulls first, key')
    .select('figure', 'bucket', 'region_id', 'station_id', 'key', db.raw('n::int as n'));

/** A case with an issued photo, four submissions (three delivered) and a grant read once; returns its id. */
async function issuedCase(db: Knex, at: Date, stationId = 'sh-pudong-ee', regionId = 'shanghai') {
  const caseId = await insertTestCase(db, { status: 'issued', stationId, regionId });
  await db('cases').where({ id: caseId }).update({ captured_at: at });
  await db('issued_photos').insert(
    ['id_card', 'master'].map((profile_id) => ({
      case_id: caseId,
      profile_id,
      attempt: 1,
      sha256: '0'.repeat(64),
      issued_at: at,
      key_id: 'test',
      certificate: '{}',
    })),
  );
  await db('upstream_submissions').insert(
    ['yrd', 'exit_entry', 'id_card', 'driving_licence'].map((target, i) => ({
      case_id: caseId,
      target,
      photo_version: 1,
      state: i < 3 ? 'delivered' : 'retrying',
      updated_at: at,
    })),
  );
  const grantId = randomUUID();
  await db('grants').insert({
    id: grantId,
    case_id: caseId,
    region_id: regionId,
    owner_id_number_hmac: 'f'.repeat(64), // whose: the figures do not read it
    profiles: ['id_card'],
    purpose: 'employment',
    expires_at: new Date(at.getTime() + 7 * day),
    max_reads: 5,
    client_id: 'demo-employer',
    code_hash: randomUUID(),
    created_at: at,
    created_by: 'citizen.sh',
    on_behalf: false,
  });
  await db('grant_reads').insert({
    grant_id: grantId,
    client_id: 'demo-exam-centre',
    registered_name: 'x',
    profile_id: 'id_card',
    purpose: 'employment',
    at,
    result: 'delivered',
  });
  return { caseId, grantId };
}

const attempts = (now: number, count: number, stationId: string, regionId: string) =>
  Array.from({ length: count }, (_, i) =>
    newAttempt({
      stationId,
      regionId,
      capturedAt: new Date(now - i * 7 * hour),
      verdict: (['pass', 'review', 'retake'] as const)[i % 3]!,
      checks: i % 2 ? ['exposure', 'blur'] : [],
      idNumber: residentIdNumber({ year: 1950 + i, month: 6, day: 1 }, i % 2 ? 'male' : 'female'),
    }),
  );

test('the migration fills the counters from earlier data; the triggers keep them equal to a fresh fill', async () => {
  database = await createTestDatabase(async (db) => {
    await migrateUpTo(db, '0018_sealed_id_numbers');
    await seedDemoStations(db);
    await upsertThirdParties(db, [
      { client_id: 'demo-employer', registered_name: '用人单位', redeems_per_minute: null },
      { client_id: 'demo-exam-centre', registered_name: '考试中心', redeems_per_minute: null },
    ]);
  });
  const { db } = database;
  const now = Date.now();

  // Before 0019: processed attempts (some retaken), an issued case with its photos, deliveries and a grant.
  await seedAttempts(db, [
    ...attempts(now, 12, 'sh-pudong-ee', 'shanghai'),
    {
      ...newAttempt(attempts(now, 1, 'hz-xihu-ps', 'hangzhou')[0]!),
      earlier: { capturedAt: new Date(now - 2 * day), verdict: 'retake', checks: ['yaw'] },
    },
  ]);
  const before = await issuedCase(db, new Date(now - 3 * day));
  await migrateLatest(db);
  const filled = await counters(db);
  expect(new Set(filled.map((c: { figure: string }) => c.figure))).toEqual(
    new Set([
      'captures',
      'outcomes',
      'attempts_hourly',
      'check_failures',
      'check_failures_hourly',
      'cases',
      'issued_photos',
      'submissions',
      'delivered_daily',
      'grants',
      'grants_created',
      'grant_reads',
    ]),
  );

  // After it, through the triggers: more of the same, then changes of every kind.
  const seeded = attempts(now, 9, 'hz-xihu-ps', 'hangzhou');
  await seedAttempts(db, seeded);
  const after = await issuedCase(db, new Date(now - hour), 'hz-xihu-ps', 'hangzhou');
  const retaken = seeded[0]!;
  const earlier = await db('cases').where({ id: retaken.caseId }).first();
  await db('case_attempts').insert({
    case_id: retaken.caseId,
    attempt: earlier.attempt,
    master_sha256: earlier.master_sha256,
    master_mime_type: 'image/jpeg',
    master_bytes: 1,
    operator_subject: 'seeded-operator',
    operator_username: 'seeded.operator',
    captured_at: earlier.captured_at,
    verdict: earlier.verdict,
    quality_report: earlier.quality_report,
  });
  await db('cases')
    .where({ id: retaken.caseId })
    .update({
      attempt: earlier.attempt + 1,
      captured_at: new Date(now),
      verdict: 'pass',
      quality_report: { failing: [] },
    });
  // A verdict corrected on the same attempt: the failed checks change with it.
  await db('cases')
    .where({ id: seeded[1]!.caseId })
    .update({ verdict: 'review', quality_report: { failing: [{ id: 'background' }, { id: 'exposure' }] } });
  await db('cases')
    .where({ id: before.caseId })
    .update({ status: 'revoked', revoked_at: new Date(now) });
  await db('issued_photos').where({ case_id: before.caseId }).update({ state: 'revoked' });
  await db('upstream_submissions')
    .where({ case_id: before.caseId, state: 'delivered' })
    .update({ state: 'recalled' });
  await db('upstream_submissions')
    .where({ case_id: after.caseId, state: 'retrying' })
    .update({ state: 'delivered', updated_at: new Date(now) });
  await db('grants')
    .where({ id: before.grantId })
    .update({ state: 'revoked', revoked_at: new Date(now) });
  await db('grants').where({ id: after.grantId }).update({ client_id: null });
  const gone = await insertTestCase(db, { status: 'abandoned' });
  await db('cases').where({ id: gone }).delete();

  const kept = await counters(db);
  await db('dashboard_counts').delete();
  await backfill(db);
  expect(kept).toEqual(await counters(db));
  expect(kept).toContainEqual(
    expect.objectContaining({
      figure: 'grant_revocations',
      region_id: 'shanghai',
      key: ['demo-employer'],
      n: 1,
    }),
  );
});
