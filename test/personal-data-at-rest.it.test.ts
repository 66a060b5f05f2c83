/**
 * Personal data at rest after a case's whole life on the real engines: a citizen's capture issued and sent to
 * the upstream libraries, found again by their ID number (reuse offer, audit search, the case list, their own
 * photos), shared by a grant and read by a third party. Then the database is read directly — every text, JSON,
 * array and binary column of every table, the audit entries' payloads among them — and so is every file of the
 * photo store: no ID number in plaintext, no JPEG. The workflows' histories in Temporal are checked through its
 * API for the ID number (Temporal's own database is not read here).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { apiCall } from './support/api';
import { startWorkingService } from './support/capture-service';
import { citizens, grantBody, issuedCaseOf, thirdParties, thirdPartyToken } from './support/grants';
import { tokenFor } from './support/tokens';
import { waitUntil } from '../stack/process';
import { upstreamTargets } from '../domain/upstream';
import { CaseIdAttribute } from '../workflows/search-attributes';

jest.setTimeout(240_000);

const { idNumber } = citizens.a;
const jpegStart = Buffer.from([0xff, 0xd8, 0xff]);
const jfif = Buffer.from('JFIF', 'ascii');

let service: Awaited<ReturnType<typeof startWorkingService>>;
let caseId: string;
beforeAll(async () => {
  service = await startWorkingService('personal-data-at-rest');
  caseId = await issuedCaseOf(service.api.baseUrl, await tokenFor('op.sh.pudong'), idNumber);
});
afterAll(() => service?.close());

const call = async (method: string, url: string, who: string, body?: object) =>
  apiCall(service.api.baseUrl, method, url, await tokenFor(who), body);

/** Every column a person's data could sit in, as `table.column` with its type. */
async function columnsToRead() {
  const { rows } = await service.database.db.raw<{
    rows: { table_name: string; column_name: string; data_type: string }[];
  }>(`select c.table_name, c.column_name, c.data_type from information_schema.columns c
        join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
        and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'bytea')
      order by 1, 2`);
  return rows;
}

test('after a whole life, no table holds the ID number or a JPEG, no photo file is a JPEG; lookups still find the person', async () => {
  // Found by their ID number everywhere one looks a person up, shown whole only where it was before.
  const offer = await call(
    'GET',
    `/api/v1/reuse-offers?idNumber=${idNumber}&documents=id_card&stationId=sh-pudong-ee`,
    'op.sh.pudong',
  );
  expect(offer.body.offer).toMatchObject({ caseId });
  const searched = await call('POST', '/api/v1/audit/searches', 'aud.sh', { idNumber });
  expect(searched.body.entries.map((e: { caseId: string }) => e.caseId)).toContain(caseId);
  const listed = await call('GET', `/api/v1/cases?filter=${JSON.stringify({ q: idNumber })}`, 'adm.sh');
  expect(listed.body).toEqual([
    expect.objectContaining({ id: caseId, idNumberMasked: '310115********0049' }),
  ]);
  expect(JSON.stringify(listed.body)).not.toContain(idNumber);
  expect((await call('GET', `/api/v1/cases/${caseId}`, 'adm.sh')).body).toMatchObject({ idNumber });
  const mine = await call('GET', '/api/v1/my/photos', citizens.a.username);
  expect(mine.body.map((p: { caseId: string }) => p.caseId)).toContain(caseId);
  expect((await call('GET', '/api/v1/my/photos', citizens.b.username)).body).toEqual([]);

  // Shared and read: the grant is the citizen's by their hash.
  const created = await call('POST', '/api/v1/grants', citizens.a.username, grantBody(caseId));
  expect(created.status).toBe(201);
  expect(created.body.grant).toMatchObject({ onBehalf: false });
  const employer = await thirdPartyToken(thirdParties.employer);
  const read = await apiCall(service.api.baseUrl, 'POST', '/api/v1/redeem', employer, {
    code: created.body.code,
    profile: 'id_card',
  });
  expect(read.status).toBe(200);
  const log = await call('GET', '/api/v1/my/access-log', citizens.a.username);
  expect(log.status).toBe(200);
  expect(log.body).toHaveLength(1);
  await waitUntil(
    'the submissions to the libraries',
    async () =>
      Number(
        (
          await service.database
            .db('upstream_submissions')
            .where({ case_id: caseId })
            .whereNotNull('receipt_id')
            .count({ n: '*' })
        )[0]!.n,
      ) === upstreamTargets.length,
    { timeoutMs: 60_000, intervalMs: 250 },
  );

  const columns = await columnsToRead();
  expect(columns.map((c) => `${c.table_name}.${c.column_name}`)).toEqual(
    expect.arrayContaining([
      'audit_events.data',
      'cases.id_number',
      'cases.id_number_encrypted',
      'grants.owner_id_number',
      'issued_photos.certificate',
      'upstream_submissions.receipt',
    ]),
  );
  const found: string[] = [];
  for (const { table_name: table, column_name: column, data_type: type } of columns) {
    const where =
      type === 'bytea'
        ? `position(?::bytea in "${column}") > 0 or position(?::bytea in "${column}") > 0`
        : // The number in either case; a JPEG as base64 (/9j/) or its JFIF marker in text.
          `upper("${column}"::text) like ? or "${column}"::text like ? or "${column}"::text like ?`;
    const values =
      type === 'bytea'
        ? [`\\x${jpegStart.toString('hex')}`, `\\x${jfif.toString('hex')}`]
        : [`%${idNumber}%`, '%/9j/%', '%JFIF%'];
    const [{ n }] = (await service.database.db(table).whereRaw(where, values).count({ n: '*' })) as [
      { n: string },
    ];
    if (Number(n)) found.push(`${table}.${column}: ${n} rows`);
  }
  expect(found).toEqual([]);

  // Every file under the photo store, temporary ones too.
  const files: string[] = [];
  for (const entry of await fs.readdir(service.testBlobs.dir, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) files.push(path.join(entry.parentPath, entry.name));
  expect(files.length).toBeGreaterThanOrEqual(3);
  const jpegs: string[] = [];
  for (const file of files) {
    const bytes = await fs.readFile(file);
    if (bytes.subarray(0, 3).equals(jpegStart) || bytes.includes(jfif) || bytes.includes(idNumber))
      jpegs.push(file);
  }
  expect(jpegs).toEqual([]);

  // The workflows carry the case id only: their histories (inputs, results, searches) hold no ID number.
  const histories: string[] = [];
  for await (const wf of service.temporal.client.workflow.list({
    query: `${CaseIdAttribute.name} = '${caseId}'`,
  })) {
    const history = await service.temporal.client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
    histories.push(
      JSON.stringify(history, (_key, value: unknown) =>
        value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : value,
      ),
    );
  }
  expect(histories.length).toBeGreaterThanOrEqual(1 + upstreamTargets.length);
  expect(histories.filter((h) => h.toUpperCase().includes(idNumber))).toEqual([]);
});
