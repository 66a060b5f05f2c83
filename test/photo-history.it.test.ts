/**
 * A photo's whole history as an auditor meets it, on the real stack: a resident's case captured, processed,
 * issued, delivered to the four libraries, printed, revoked and recalled has every step in one history, in time
 * order, with who did it, in which role, from which network and why; its signed export verifies (through the
 * API's published keys and `tongpai-audit verify-export`) and fails once changed; the search finds the
 * person's entries by ID number (through the keyed hash, including cases captured before the hash existed),
 * by actor, action, station and time, page by page; every read is itself in the trail.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  decodePDFRawStream,
  PDFArray,
  PDFDict,
  PDFDocument,
  type PDFHexString,
  PDFName,
  PDFRawStream,
  type PDFString,
} from 'pdf-lib';
import { loadConfig, repoRoot } from '../config';
import { caseAuditTrail, recordAuditEvent } from '../db/audit';
import { sealPersons } from '../db/seal-persons';
import type {
  AuditSearchEntry,
  AuditSearchPage,
  PhotoHistory,
  SignedPhotoHistory,
  UpstreamSubmission,
} from '../domain/schemas';
import { upstreamTargets } from '../domain/upstream';
import { residentIdNumbers } from '../stack/bench/id-numbers';
import { waitUntil } from '../stack/process';
import type { PublicKeyInfo } from '../signing/keys';
import { verifySignedHistory } from '../signing/signed-history';
import { apiCall, captureForm } from './support/api';
import { startWorkingService } from './support/capture-service';
import { insertTestCase } from './support/cases';
import { testPersonCipher, testPersonHash } from './support/keys';
import { tokenFor } from './support/tokens';

jest.setTimeout(240_000);

const goodFace = path.join(loadConfig().TONGPAI_TESTDATA_DIR, 'faces-hr', 'london_002_neutral.jpg');
const people = residentIdNumbers();
const run = promisify(execFile);

let service: Awaited<ReturnType<typeof startWorkingService>>;
const users = ['op.sh.pudong', 'adm.sh', 'adm.province', 'aud.sh', 'aud.hz', 'rev.sh'] as const;
const tokens = {} as Record<(typeof users)[number], string>;
let caseId: string;
let idNumber: string;

const call = (method: string, url: string, user: keyof typeof tokens, body?: object | FormData) =>
  apiCall(service.api.baseUrl, method, url, tokens[user], body);
const search = async (user: keyof typeof tokens, body: object) => {
  const res = await call('POST', '/api/v1/audit/searches', user, body);
  expect(res.status).toBe(200);
  return res.body as AuditSearchPage;
};
const submissionsOf = async (id: string) =>
  (await call('GET', `/api/v1/cases/${id}/upstream`, 'op.sh.pudong')).body as UpstreamSubmission[];
const allRecalled = async (id: string) => {
  const query = `WorkflowType = 'upstreamRecall' AND TongpaiCaseId = '${id}' AND ExecutionStatus = 'Completed'`;
  let completed = 0;
  for await (const _wf of service.temporal.client.workflow.list({ query })) completed++;
  const submissions = await submissionsOf(id);
  return completed === 4 && submissions.length === 4 && submissions.every((s) => s.state === 'recalled');
};

beforeAll(async () => {
  service = await startWorkingService('photo-history');
  for (const user of users) tokens[user] = await tokenFor(user);

  // Every stage: captured, processed, issued, delivered, printed, revoked, recalled.
  idNumber = people.next().value!;
  const captured = await call(
    'POST',
    '/api/v1/captures',
    'op.sh.pudong',
    captureForm(await fs.readFile(goodFace), { personName: '吴十', idNumber }),
  );
  expect(captured.status).toBe(202);
  caseId = (captured.body as { caseId: string }).caseId;
  await waitUntil(
    'delivered to every library',
    async () => {
      const s = await submissionsOf(caseId);
      return s.length === 4 && s.every((x) => x.state === 'delivered');
    },
    { timeoutMs: 120_000, intervalMs: 250 },
  );
  const sheet = await call('GET', `/api/v1/cases/${caseId}/photos/id_card/sheet`, 'op.sh.pudong');
  expect(sheet.status).toBe(200);
  const revoked = await call('POST', `/api/v1/cases/${caseId}/revocation`, 'adm.sh', {
    reasonCode: 'wrong_person',
    note: '窗口核实：照片不是本人',
  });
  expect(revoked.status).toBe(200);
  await waitUntil('recalled from every library', () => allRecalled(caseId), {
    timeoutMs: 120_000,
    intervalMs: 250,
  });
});

afterAll(() => service?.close());

/** The text of a file attached to a PDF (its EmbeddedFiles name tree, as pdf-lib writes it). */
async function attachedFile(pdf: Buffer, name: string): Promise<string> {
  const doc = await PDFDocument.load(pdf);
  const files = doc.catalog
    .lookup(PDFName.of('Names'), PDFDict)
    .lookup(PDFName.of('EmbeddedFiles'), PDFDict)
    .lookup(PDFName.of('Names'), PDFArray);
  for (let i = 0; i < files.size(); i += 2) {
    const key = files.lookup(i) as PDFHexString | PDFString;
    if (key.decodeText() !== name) continue;
    const stream = files
      .lookup(i + 1, PDFDict)
      .lookup(PDFName.of('EF'), PDFDict)
      .lookup(PDFName.of('F'));
    if (!(stream instanceof PDFRawStream)) throw new Error(`${name} is not a stream`);
    return Buffer.from(decodePDFRawStream(stream).decode()).toString('utf8');
  }
  throw new Error(`no attachment ${name}`);
}

test('the history holds every stage of the photo, in time order, with actor, role, network and reason', async () => {
  const res = await call('GET', `/api/v1/cases/${caseId}/history`, 'aud.sh');
  expect(res.status).toBe(200);
  const history = res.body as PhotoHistory;
  expect(history).toMatchObject({
    caseId,
    status: 'revoked',
    generatedBy: 'aud.sh',
    stationId: 'sh-pudong-ee',
  });
  expect(JSON.stringify(history)).not.toContain(idNumber);
  const times = history.entries.map((e) => e.at);
  expect(times).toEqual([...times].sort());

  const audit = history.entries.filter((e) => e.source === 'audit');
  const kinds = audit.map((e) => e.kind);
  for (const kind of [
    'case.captured',
    'case.processing',
    'case.processed',
    'case.auto_approved',
    'case.issued',
    'photo.sheet_made',
    'case.revoked',
    'audit.history_read',
  ])
    expect(kinds).toContain(kind);
  expect(kinds.filter((k) => k === 'upstream.delivered')).toHaveLength(4);
  expect(kinds.filter((k) => k === 'upstream.recalled')).toHaveLength(4);
  expect(kinds.indexOf('case.captured')).toBeLessThan(kinds.indexOf('case.issued'));
  expect(kinds.indexOf('case.issued')).toBeLessThan(kinds.indexOf('case.revoked'));
  // The read being answered is the trail's newest entry of the case.
  expect(kinds.at(-1)).toBe('audit.history_read');

  expect(audit.find((e) => e.kind === 'case.captured')).toMatchObject({
    actor: 'op.sh.pudong',
    role: 'operator',
    network: expect.any(String),
  });
  expect(audit.find((e) => e.kind === 'case.revoked')).toMatchObject({
    actor: 'adm.sh',
    role: 'admin',
    reason: 'wrong_person',
    details: expect.objectContaining({ note: '窗口核实：照片不是本人', seq: expect.any(String) }),
  });
  expect(audit.find((e) => e.kind === 'upstream.delivered')).toMatchObject({ role: 'system' });
  expect(audit.find((e) => e.kind === 'audit.history_read')).toMatchObject({
    actor: 'aud.sh',
    role: 'auditor',
  });

  // Every workflow of the photo: its lifecycle (with the processing attempt), each delivery, each recall.
  const streams = new Set(history.entries.filter((e) => e.source === 'workflow').map((e) => e.stream));
  expect([...streams].sort()).toEqual(
    [
      `photo-${caseId}`,
      ...upstreamTargets.map((t) => `upstream-${caseId}-${t}`),
      ...upstreamTargets.map((t) => `recall-${caseId}-${t}`),
    ].sort(),
  );
  expect(history.entries).toContainEqual(
    expect.objectContaining({
      stream: `photo-${caseId}`,
      kind: 'ActivityTaskStarted',
      details: expect.objectContaining({ activity: 'processMaster', attempt: 1 }),
    }),
  );
});

test('only auditors and administrators of the region read the history; others learn nothing', async () => {
  expect((await call('GET', `/api/v1/cases/${caseId}/history`, 'aud.hz')).status).toBe(404);
  expect((await call('GET', `/api/v1/cases/${caseId}/history`, 'rev.sh')).status).toBe(403);
  expect((await call('GET', `/api/v1/cases/${caseId}/history`, 'op.sh.pudong')).status).toBe(403);
  expect((await call('GET', `/api/v1/cases/${caseId}/history/export`, 'aud.hz')).status).toBe(404);
});

test('the signed export verifies against the published keys and through the CLI; a changed one does not', async () => {
  const res = await call('GET', `/api/v1/cases/${caseId}/history/export?format=json`, 'aud.sh');
  expect(res.status).toBe(200);
  expect(res.headers.get('content-disposition')).toContain(`photo-history-${caseId}.signed.json`);
  const signed = res.body as SignedPhotoHistory;
  const keys = (await apiCall(service.api.baseUrl, 'GET', '/api/v1/certification/keys')).body as {
    keys: PublicKeyInfo[];
  };
  const check = verifySignedHistory(signed, keys.keys);
  expect(check).toMatchObject({ ok: true, history: { caseId, generatedBy: 'aud.sh' } });
  if (check.ok) expect(check.history.entries.at(-1)).toMatchObject({ kind: 'audit.history_exported' });

  // One entry's actor changed: the signature no longer holds.
  const tampered = {
    ...signed,
    document: signed.document.replace('"actor": "adm.sh"', '"actor": "someone"'),
  };
  expect(tampered.document).not.toBe(signed.document);
  expect(verifySignedHistory(tampered, keys.keys)).toEqual({
    ok: false,
    reason: expect.stringContaining('changed'),
  });

  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tongpai-export-'));
  try {
    await fs.writeFile(path.join(dir, 'keys.json'), JSON.stringify(keys));
    await fs.writeFile(path.join(dir, 'good.json'), JSON.stringify(signed));
    await fs.writeFile(path.join(dir, 'bad.json'), JSON.stringify(tampered));
    const cli = (file: string) =>
      run(path.join(repoRoot, 'bin', 'tongpai-audit'), [
        'verify-export',
        path.join(dir, file),
        '--public-keys',
        `${service.api.baseUrl}/api/v1/certification/keys`,
      ]).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (err: { code: number; stdout: string }) => ({ code: err.code, stdout: err.stdout }),
      );
    const good = await cli('good.json');
    expect(good).toMatchObject({ code: 0, stdout: expect.stringContaining(`case ${caseId}`) });
    expect(await cli('bad.json')).toMatchObject({ code: 1, stdout: expect.stringContaining('NOT VALID') });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

/** A font's glyph -> text map (its ToUnicode CMap as pdf-lib writes it: `<glyph> <UTF-16BE>` pairs). */
function toUnicodeOf(font: PDFDict): Map<string, string> {
  const map = font.lookup(PDFName.of('ToUnicode'));
  const glyphs = new Map<string, string>();
  if (!(map instanceof PDFRawStream)) return glyphs;
  const text = Buffer.from(decodePDFRawStream(map).decode()).toString('latin1');
  for (const [, glyph, utf16] of text.matchAll(/<([0-9A-Fa-f]+)> <([0-9A-Fa-f]+)>/g))
    glyphs.set(glyph!.toUpperCase(), Buffer.from(utf16!, 'hex').swap16().toString('utf16le'));
  return glyphs;
}

/**
 * The text a PDF's pages draw with their embedded (Type0) fonts, one string per text operation: each page's
 * `/<font> <size> Tf` then `<glyph ids> Tj` read through the font's ToUnicode map. What a reader sees.
 */
async function drawnText(pdf: Buffer): Promise<string[]> {
  const doc = await PDFDocument.load(pdf);
  const drawn: string[] = [];
  for (const page of doc.getPages()) {
    const fonts = page.node.Resources()!.lookup(PDFName.of('Font'), PDFDict);
    const contents = page.node.Contents()!;
    const streams =
      contents instanceof PDFArray ? contents.asArray().map((r) => doc.context.lookup(r)) : [contents];
    const operators = streams
      .map((s) => Buffer.from(decodePDFRawStream(s as PDFRawStream).decode()).toString('latin1'))
      .join('\n');
    let glyphs = new Map<string, string>();
    for (const [, font, hex] of operators.matchAll(/\/([^\s/]+) [\d.]+ Tf|<([0-9A-Fa-f]*)> Tj/g)) {
      if (font) glyphs = toUnicodeOf(fonts.lookup(PDFName.of(font), PDFDict));
      else if (glyphs.size) {
        const ids = hex!.toUpperCase().match(/.{4}/g) ?? [];
        drawn.push(ids.map((g) => glyphs.get(g) ?? '\ufffd').join(''));
      }
    }
  }
  return drawn;
}

test('the PDF export is a PDF for the case file with the signed history attached', async () => {
  const res = await fetch(`${service.api.baseUrl}/api/v1/cases/${caseId}/history/export?format=pdf`, {
    headers: { authorization: `Bearer ${tokens['aud.sh']}` },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  const pdf = Buffer.from(await res.arrayBuffer());
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  // The attachment is the signed history itself: it verifies as the JSON export does.
  const attached = await attachedFile(pdf, 'history.signed.json');
  const keys = (await apiCall(service.api.baseUrl, 'GET', '/api/v1/certification/keys')).body as {
    keys: PublicKeyInfo[];
  };
  expect(verifySignedHistory(JSON.parse(attached), keys.keys)).toMatchObject({
    ok: true,
    history: { caseId },
  });
  // Chinese prints as written: the title, the column labels and the revocation's note as a reader sees them.
  const drawn = await drawnText(pdf);
  expect(drawn[0]).toBe('通拍 照片全程记录（案卷）  Tongpai photo history (case file)');
  expect(drawn).toEqual(expect.arrayContaining(['时间', '操作人', '原因', 'Reason']));
  expect(drawn.some((text) => text.includes('窗口核实：照片不是本人'))).toBe(true);
  expect(drawn.join('')).not.toContain('\ufffd');
  const bad = await call('GET', `/api/v1/cases/${caseId}/history/export?format=docx`, 'aud.sh');
  expect([bad.status, bad.body.code]).toEqual([400, 'invalid_request']);
});

test('the search finds a person by ID number, by actor, action, station and time, a page at a time', async () => {
  const byPerson = await search('aud.sh', { idNumber, limit: 200 });
  expect(byPerson.entries.length).toBeGreaterThan(10);
  expect(new Set(byPerson.entries.map((e) => e.caseId))).toEqual(new Set([caseId]));
  const ats = byPerson.entries.map((e) => e.at);
  expect(ats).toEqual([...ats].sort().reverse());
  // Lower case check character, surrounding spaces: the same person.
  expect(
    (await search('aud.sh', { idNumber: ` ${idNumber.toLowerCase()} `, limit: 200 })).entries.length,
  ).toBe(byPerson.entries.length);

  const revocation = await search('aud.sh', { actor: 'adm.sh', action: 'case.revoked' });
  expect(revocation.entries).toEqual([
    expect.objectContaining({ caseId, role: 'admin', reason: 'wrong_person', stationId: 'sh-pudong-ee' }),
  ]);
  const atStation = await search('aud.sh', { stationId: 'sh-xuhui-ee', idNumber });
  expect(atStation.entries).toEqual([]);
  const issued = byPerson.entries.find((e) => e.action === 'case.issued')!;
  const window = await search('aud.sh', {
    idNumber,
    from: issued.at,
    to: new Date(new Date(issued.at).getTime() + 1).toISOString(),
  });
  expect(window.entries.map((e) => e.action)).toContain('case.issued');
  expect(window.entries.every((e) => e.at === issued.at)).toBe(true);

  // Page by page: the same entries as one page, none twice, then the end.
  const paged: AuditSearchEntry[] = [];
  let cursor: string | null = null;
  do {
    const page: AuditSearchPage = await search('aud.sh', {
      idNumber,
      limit: 7,
      ...(cursor ? { cursor } : {}),
    });
    paged.push(...page.entries);
    cursor = page.nextCursor;
  } while (cursor);
  const firstIds = byPerson.entries.map((e) => e.id);
  // Each search is recorded on the system chain: the person's entries stay the same.
  expect(paged.map((e) => e.id)).toEqual(firstIds);

  const bad = await call('POST', '/api/v1/audit/searches', 'aud.sh', { cursor: 'not-a-cursor' });
  expect([bad.status, bad.body.errors?.[0]?.field]).toEqual([400, 'cursor']);
  const unknown = await call('POST', '/api/v1/audit/searches', 'aud.sh', { name: '吴十' });
  expect(unknown.status).toBe(400);
});

/** A search's answer as the person reads it: status, problem code and the fields named to correct. */
const searchRefusal = async (body: object) => {
  const res = await call('POST', '/api/v1/audit/searches', 'aud.sh', body);
  return [res.status, res.body.code, res.body.errors?.map((e: { field: string }) => e.field)];
};

test('a NUL character in a text filter is a 400 naming the filter, not a 500 from the database', async () => {
  for (const field of ['actor', 'action', 'stationId', 'client'])
    expect(await searchRefusal({ [field]: 'adm.sh\u0000' })).toEqual([400, 'invalid_request', [field]]);
});

test('a window ending before it starts, or a cursor no search handed out, is a 400, never a 500', async () => {
  // It holds nothing: said so, not answered as an empty trail that reads as "nobody did anything".
  expect(await searchRefusal({ from: '2026-03-01T00:00:00+08:00', to: '2026-02-01T00:00:00+08:00' })).toEqual(
    [400, 'invalid_request', ['to']],
  );
  // An entry id past PostgreSQL's bigint; a time before its timestamps begin.
  const forged = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
  for (const cursor of [
    forged('2026-01-01T00:00:00.000Z|9223372036854775808'),
    forged('-271821-04-20T00:00:00.000Z|1'),
  ])
    expect(await searchRefusal({ cursor })).toEqual([400, 'invalid_request', ['cursor']]);
});

test("another region's auditor finds none of the person's entries, nor whom this region searched for; a reviewer may not search", async () => {
  expect((await search('aud.hz', { idNumber })).entries).toEqual([]);
  expect((await call('POST', '/api/v1/audit/searches', 'rev.sh', { idNumber })).status).toBe(403);
  // aud.sh's searches name the person (by hash): Hangzhou's auditor sees none of them, Shanghai's own see them.
  const searchesBy = async (reader: (typeof users)[number]) =>
    (await search(reader, { action: 'audit.searched', actor: 'aud.sh' })).entries;
  expect(await searchesBy('aud.hz')).toEqual([]);
  expect((await searchesBy('aud.sh')).length).toBeGreaterThan(0);
  expect((await searchesBy('adm.province')).length).toBeGreaterThan(0);
});

test('cases captured before the person hash and sealed numbers are found once the conversion has run', async () => {
  const older = await insertTestCase(service.database.db, { status: 'issued' });
  // As a case captured before migrations 0011 and 0018 holds its person: the number in plaintext, no hash.
  await service.database.db('cases').where({ id: older }).update({
    id_number: '11010519491231002X',
    id_number_encrypted: null,
    id_number_hmac: null,
    id_number_masked: null,
  });
  await recordAuditEvent(service.database.db, {
    at: new Date(),
    caseId: older,
    actor: 'seeded.operator',
    action: 'case.captured',
    data: {},
  });
  // insertTestCase's person: 11010519491231002X.
  expect((await search('aud.sh', { idNumber: '11010519491231002X' })).entries).toEqual([]);
  expect(await sealPersons(service.database.db, testPersonCipher())).toMatchObject({ cases: 1 });
  expect((await search('aud.sh', { idNumber: '11010519491231002X' })).entries).toEqual([
    expect.objectContaining({ caseId: older, action: 'case.captured' }),
  ]);
  expect(await sealPersons(service.database.db, testPersonCipher())).toMatchObject({ cases: 0 });
});

test('every read of the trail is in the trail: history, export, search and verification, by whom', async () => {
  const before = (await caseAuditTrail(service.database.db, caseId)).length;
  await call('GET', `/api/v1/cases/${caseId}/history`, 'adm.sh');
  await call('GET', `/api/v1/cases/${caseId}/history/export?format=pdf`, 'aud.sh');
  const trail = await caseAuditTrail(service.database.db, caseId);
  expect(trail.slice(before).map((e) => [e.actor, e.action, e.data.format ?? null])).toEqual([
    ['adm.sh', 'audit.history_read', null],
    ['aud.sh', 'audit.history_exported', 'pdf'],
  ]);
  expect(trail.slice(before)[1]!.data).toMatchObject({ via: { roles: ['auditor'] } });

  await search('aud.sh', { idNumber, actor: 'adm.sh', action: 'case.revoked' });
  const recorded = await service.database
    .db('audit_events')
    .where({ stream: 'system', action: 'audit.searched' })
    .orderBy('seq', 'desc')
    .first();
  expect(recorded).toMatchObject({
    actor: 'aud.sh',
    data: {
      filter: { actor: 'adm.sh', action: 'case.revoked', personHash: testPersonHash()(idNumber) },
      page: 'first',
      found: 1,
      via: expect.objectContaining({ roles: ['auditor'] }),
    },
  });
  // The ID number itself is nowhere in the trail's record of the searches.
  const searches = await service.database.db('audit_events').where({ action: 'audit.searched' });
  expect(JSON.stringify(searches)).not.toContain(idNumber);

  expect((await call('POST', '/api/v1/audit/verifications', 'aud.sh')).status).toBe(200);
  expect((await search('aud.sh', { action: 'audit.verified', actor: 'aud.sh' })).entries).toHaveLength(1);
});
