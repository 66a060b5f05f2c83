/**
 * The case list at scale, through the API: more matching cases than `exactTotalLimit` are counted by the planner's
 * estimate (marked X-Total-Estimated), fewer exactly; the search box finds a name by its start, an ID number
 * typed whole (by its keyed hash: the numbers are sealed at rest, so no part of one is found), and a case by its id.
 */
import { randomUUID } from 'node:crypto';
import { exactTotalLimit, personColumnsOf } from '../db/cases';
import { apiCall } from './support/api';
import { startCaptureService, type CaptureService } from './support/capture-service';
import { insertBulkCases, seededCaseFields } from './support/cases';
import { testPersonCipher } from './support/keys';
import { tokenFor } from './support/tokens';

let service: CaptureService;
let admin: string;

beforeAll(async () => {
  service = await startCaptureService('case-list');
  admin = await tokenFor('adm.province');
  await insertBulkCases(service.database.db, exactTotalLimit + 50);
  for (const [name, idNumber] of [
    ['欧阳娜娜', '310115200012311236'],
    ['欧阳修', '33010619900307123X'],
    ['Ben Keller', 'C07654321'],
  ]) {
    const id = randomUUID();
    await service.database.db('cases').insert({
      id,
      status: 'issued',
      category: 'resident',
      person_name: name,
      ...personColumnsOf(service.database.db, testPersonCipher(), idNumber!),
      ...seededCaseFields(id),
      captured_at: new Date(),
      documents: ['id_card'],
    });
  }
});

afterAll(() => service?.close());

async function list(filter: object) {
  const query = new URLSearchParams({ filter: JSON.stringify(filter), range: '[0,24]' });
  const res = await fetch(`${service.api.baseUrl}/api/v1/cases?${query}`, {
    headers: { authorization: `Bearer ${admin}` },
  });
  expect(res.status).toBe(200);
  const total = Number(/\/(\d+)$/.exec(res.headers.get('content-range')!)![1]);
  const names = ((await res.json()) as { personName: string }[]).map((c) => c.personName).sort();
  return { total, estimated: res.headers.get('x-total-estimated') === 'true', names };
}

test('more matching cases than the exact count reads: the total is an estimate above the limit, and says so', async () => {
  const all = await list({});
  expect(all.estimated).toBe(true);
  expect(all.total).toBeGreaterThan(exactTotalLimit);
  expect(all.names).toHaveLength(25);
  const few = await list({ q: '欧阳' });
  expect(few).toEqual({ total: 2, estimated: false, names: ['欧阳修', '欧阳娜娜'] });
});

test.each([
  ['the start of a name', '欧阳娜', ['欧阳娜娜']],
  ['a Latin name as written', 'Ben', ['Ben Keller']],
  ['not the middle of a name', '娜娜', []],
  ['a whole ID number', '310115200012311236', ['欧阳娜娜']],
  ['a whole ID number, x in either case', '33010619900307123x', ['欧阳修']],
  ['a whole passport number', 'C07654321', ['Ben Keller']],
  // Sealed at rest, matched by their keyed hash: a part of a number finds nothing.
  ['not a part of an ID number', '1236', []],
  ['not the start of a passport number', 'C0765', []],
  ['characters that mean something to LIKE, taken literally', '%_', []],
])('search by %s', async (_what, q, names) => {
  expect(await list({ q })).toEqual({ total: names.length, estimated: false, names });
});

test('a case by its id', async () => {
  const { id } = (await service.database.db('cases').where({ person_name: 'Ben Keller' }).first())!;
  const found = await apiCall(
    service.api.baseUrl,
    'GET',
    `/api/v1/cases?filter=${JSON.stringify({ q: id })}`,
    admin,
  );
  expect(found.body.map((c: { id: string }) => c.id)).toEqual([id]);
});
