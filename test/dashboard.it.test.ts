/**
 * The dashboard (驾驶舱) on the real stack: figures equal counts made here from the test's own records. Two
 * cases go through the real capture path (a resident issued and submitted upstream, a foreigner waiting for
 * review); the volume (about nine hundred processed attempts over four weeks, some with an archived earlier
 * attempt) is inserted straight into the database, since processing that many photos would take most of an
 * hour. Anomalies come from injected failures: a burst of one check's failures at one station, the upstream
 * simulator refusing one library, a case left in a working status, a day's volume far above a station's usual.
 * A heartbeat brings a station online; who may read the figures, and how far, follows the role.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../config';
import type { Anomaly, DashboardFigures } from '../domain/dashboard-schemas';
import { twoProportionZ } from '../domain/drift';
import { recordInterfaceCall, type InterfaceCall } from '../db/interface-calls';
import { upstreamTargets } from '../domain/upstream';
import { waitUntil } from '../stack/process';
import { apiCall, captureForm, waitForCase } from './support/api';
import { insertTestCase } from './support/cases';
import { startWorkingService } from './support/capture-service';
import { newAttempt, residentIdNumber, seedAttempts, type SeededAttempt } from './support/seeded-attempts';
import { setSimulatorFaults } from './support/temporal';
import { tokenFor } from './support/tokens';
import { testPersonCipher } from './support/keys';
import { idNumberOf } from '../db/person-cipher';

jest.setTimeout(240_000);

const goodFace = path.join(loadConfig().TONGPAI_TESTDATA_DIR, 'faces-hr', 'london_002_neutral.jpg');
const minute = 60_000;
const day = 24 * 60 * minute;

let service: Awaited<ReturnType<typeof startWorkingService>>;
let admin: string;
/** Every attempt in the database, as this test knows it. */
const attempts: Omit<SeededAttempt, 'caseId'>[] = [];
/** Captures that were never processed (a stuck case, a case waiting for review inserted as such). */
const unprocessed: { stationId: string; capturedAt: Date }[] = [];
let issuedCaseId: string;
let stuckCaseId: string;
/** Grants and reads as this test wrote them, and the interface calls it recorded. */
const grants: {
  id: string;
  regionId: string;
  clientId: string | null;
  createdAt: Date;
  revokedAt: Date | null;
  state: string;
}[] = [];
const reads: { grantId: string; clientId: string; at: Date }[] = [];
const calls: InterfaceCall[] = [];

const dashboard = async (token = admin) => {
  const res = await apiCall(service.api.baseUrl, 'GET', '/api/v1/dashboard', token);
  expect(res.status).toBe(200);
  return res.body as DashboardFigures;
};

const chinaDay = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
const sexOf = (id: string) =>
  /^\d{17}[\dX]$/i.test(id) ? (Number(id[16]) % 2 === 1 ? 'male' : 'female') : null;
function ageBandOf(id: string, at: Date): string | null {
  if (!sexOf(id)) return null;
  const local = chinaDay(at);
  const age =
    Number(local.slice(0, 4)) -
    Number(id.slice(6, 10)) -
    (local.slice(5).replace('-', '') < id.slice(10, 14) ? 1 : 0);
  return age < 18 ? '0-17' : age < 30 ? '18-29' : age < 45 ? '30-44' : age < 60 ? '45-59' : '60+';
}

/**
 * sh-xuhui-gov: thirty attempts a day for four weeks, one in thirty failing `exposure`; lately forty, half of
 * them failing it (a lamp gone). hz-xihu-ps: forty attempts today and none before (unusual volume), five with a
 * retake. Birth years cycle through the age bands; the over-sixties are sent to retake ten times as often.
 */
function volume(now: number) {
  const rows: Parameters<typeof seedAttempts>[1] = [];
  const birthYears = [2012, 2000, 1985, 1970, 1950];
  const person = (i: number) => {
    const year = birthYears[i % 5]!;
    return {
      // Sex by the day (thirty a day), so that it is independent of the verdicts, which follow the hour.
      idNumber: residentIdNumber({ year, month: 3, day: 15 }, Math.floor(i / 30) % 2 ? 'male' : 'female'),
      elder: year === 1950,
    };
  };
  let i = 0;
  for (let d = 1; d <= 28; d++)
    for (let k = 0; k < 30; k++, i++) {
      const { idNumber, elder } = person(i);
      const checks = k === 0 ? ['exposure'] : [];
      const verdict =
        elder && k % 2 === 0 ? 'retake' : k % 20 === 1 ? 'retake' : checks.length ? 'review' : 'pass';
      rows.push(
        newAttempt({
          stationId: 'sh-xuhui-gov',
          regionId: 'shanghai',
          capturedAt: new Date(now - d * day - k * minute),
          verdict,
          checks,
          idNumber,
        }),
      );
    }
  for (let k = 0; k < 40; k++, i++) {
    const { idNumber } = person(i);
    const checks = k % 2 === 0 ? ['exposure'] : [];
    rows.push(
      newAttempt({
        stationId: 'sh-xuhui-gov',
        regionId: 'shanghai',
        capturedAt: new Date(now - 20 * minute - k * 90_000),
        verdict: checks.length ? 'review' : 'pass',
        checks,
        idNumber,
      }),
    );
  }
  for (let k = 0; k < 40; k++, i++) {
    const { idNumber } = person(i);
    const capturedAt = new Date(now - 20 * minute - k * 30_000);
    rows.push({
      ...newAttempt({
        stationId: 'hz-xihu-ps',
        regionId: 'hangzhou',
        capturedAt,
        verdict: 'pass',
        checks: k === 7 ? ['exposure'] : [],
        idNumber,
      }),
      ...(k < 5
        ? {
            earlier: {
              capturedAt: new Date(capturedAt.getTime() - 5 * minute),
              verdict: 'retake' as const,
              checks: ['blur'],
            },
          }
        : {}),
    });
  }
  return rows;
}

beforeAll(async () => {
  service = await startWorkingService('dashboard');
  admin = await tokenFor('adm.province');
  const operator = await tokenFor('op.sh.pudong');
  const db = service.database.db;

  // The real path: a resident issued and sent upstream while one library answers 503; a foreigner to review.
  await setSimulatorFaults({ errorRate: 1, targets: ['yrd'] });
  const photo = await fs.readFile(goodFace);
  const capture = async (fields: Record<string, string>) => {
    const res = await apiCall(
      service.api.baseUrl,
      'POST',
      '/api/v1/captures',
      operator,
      captureForm(photo, fields),
    );
    expect(res.status).toBe(202);
    return (res.body as { caseId: string }).caseId;
  };
  issuedCaseId = await capture({});
  const foreignerId = await capture({
    category: 'foreigner',
    idNumber: 'E12345678',
    personName: 'John Smith',
  });
  await waitForCase(service.api.baseUrl, operator, issuedCaseId, 'issued');
  await waitForCase(service.api.baseUrl, operator, foreignerId, 'in_review');
  await waitUntil(
    'yrd to be retrying and the other libraries delivered',
    async () => {
      const states = await db('upstream_submissions')
        .where({ case_id: issuedCaseId })
        .select('target', 'state');
      return (
        states.length === 4 &&
        states.every((s: { target: string; state: string }) =>
          s.target === 'yrd' ? s.state === 'retrying' : s.state === 'delivered',
        )
      );
    },
    { timeoutMs: 120_000, intervalMs: 250 },
  );
  for (const row of await db('cases').whereIn('id', [issuedCaseId, foreignerId]))
    attempts.push({
      stationId: row.station_id,
      regionId: row.region_id,
      capturedAt: row.captured_at,
      verdict: row.verdict,
      checks: [...new Set<string>(row.quality_report.failing.map((f: { id: string }) => f.id))],
      idNumber: idNumberOf(testPersonCipher(), row),
    });

  const now = Date.now();
  const seeded = volume(now);
  await seedAttempts(db, seeded);
  for (const { earlier, caseId: _, ...a } of seeded) {
    attempts.push(a);
    if (earlier) attempts.push({ ...a, ...earlier });
  }

  // A case resting in processing for two hours (its workflow gone), and one waiting for review past its SLA.
  stuckCaseId = await insertTestCase(db, { status: 'processing' });
  const twoHoursAgo = new Date(now - 120 * minute);
  await db('cases').where({ id: stuckCaseId }).update({ updated_at: twoHoursAgo, captured_at: twoHoursAgo });
  const late = await insertTestCase(db, { status: 'in_review' });
  await db('cases')
    .where({ id: late })
    .update({
      captured_at: new Date(now - 60 * minute),
      queued_at: new Date(now - 60 * minute),
      sla_due_at: new Date(now - 5 * minute),
    });
  unprocessed.push(
    { stationId: 'sh-pudong-ee', capturedAt: twoHoursAgo },
    { stationId: 'sh-pudong-ee', capturedAt: new Date(now - 60 * minute) },
  );

  // Grants over the issued case (Shanghai) and a Hangzhou case, given today and days before, some read; one
  // revoked after it was given (the counters follow the update). Interface calls today and yesterday.
  const hzCase = seeded.find((a) => a.regionId === 'hangzhou')!;
  const grant = async (regionId: string, caseId: string, clientId: string | null, createdAt: Date) => {
    const row = { id: randomUUID(), regionId, clientId, createdAt, revokedAt: null, state: 'active' };
    await db('grants').insert({
      id: row.id,
      case_id: caseId,
      region_id: regionId,
      owner_id_number_hmac: 'f'.repeat(64), // whose: the figures do not read it
      profiles: ['id_card'],
      purpose: 'employment',
      expires_at: new Date(now + 7 * day),
      max_reads: 10,
      client_id: clientId,
      code_hash: randomUUID(),
      created_at: createdAt,
      created_by: 'citizen.sh',
      on_behalf: false,
    });
    grants.push(row);
    return row;
  };
  const read = async (grantId: string, clientId: string, at: Date) => {
    await db('grant_reads').insert({
      grant_id: grantId,
      client_id: clientId,
      registered_name: clientId,
      profile_id: 'id_card',
      purpose: 'employment',
      at,
      result: 'delivered',
    });
    reads.push({ grantId, clientId, at });
  };
  const employer = [
    await grant('shanghai', issuedCaseId, 'demo-employer', new Date(now - 10 * minute)),
    await grant('shanghai', issuedCaseId, 'demo-employer', new Date(now - 20 * minute)),
    await grant('shanghai', issuedCaseId, 'demo-employer', new Date(now - 3 * day)),
  ];
  await grant('shanghai', issuedCaseId, null, new Date(now - 5 * minute));
  const exam = await grant('hangzhou', hzCase.caseId, 'demo-exam-centre', new Date(now - 2 * day));
  for (const at of [now - 8 * minute, now - 7 * minute, now - 2 * day])
    await read(employer[0]!.id, 'demo-employer', new Date(at));
  await read(exam.id, 'demo-exam-centre', new Date(now - 2 * day));
  const revokedAt = new Date(now - minute);
  await db('grants')
    .where({ id: employer[1]!.id })
    .update({ state: 'revoked', revoked_at: revokedAt, ended_at: revokedAt, revoked_by: 'citizen.sh' });
  Object.assign(employer[1]!, { state: 'revoked', revokedAt });
  await db('grants')
    .where({ id: employer[2]!.id })
    .update({ state: 'expired', ended_at: new Date(now - day) });
  employer[2]!.state = 'expired';

  const call = (
    clientId: string,
    clientKind: InterfaceCall['clientKind'],
    result: string,
    at: number,
    latencyMs: number,
  ) => ({ clientId, clientKind, endpoint: 'lookup', result, at: new Date(at), latencyMs }) as InterfaceCall;
  calls.push(
    call('demo-shebao', 'organisation', 'ok', now - 3 * minute, 40),
    call('demo-shebao', 'organisation', 'ok', now - 2 * minute, 60),
    call('demo-shebao', 'organisation', 'not_found', now - 2 * minute, 20),
    call('demo-shebao', 'organisation', 'ok', now - 2 * day, 30),
    call('demo-employer', 'third_party', 'ok', now - minute, 10),
  );
  // A department's client reading thirty photos in the last hour where it read none before: unusual reads.
  for (let i = 0; i < 30; i++)
    calls.push(call('demo-police-unit', 'organisation', 'ok', now - 2 * i * minute, 25));
  for (const c of calls) await recordInterfaceCall(db, c);
});

afterAll(async () => {
  await setSimulatorFaults({ errorRate: 0, targets: [] }).catch(() => undefined);
  await service?.close();
});

test('every figure equals the count made here from the records the test wrote', async () => {
  const figures = await dashboard();
  expect(figures.regionId).toBeNull();

  const today = chinaDay(new Date());
  const captures = [...attempts, ...unprocessed];
  expect(figures.captures.today).toBe(captures.filter((c) => chinaDay(c.capturedAt) === today).length);
  expect(figures.captures.trend).toHaveLength(30);
  for (const { day: d, captures: n } of figures.captures.trend)
    expect(n).toBe(captures.filter((c) => chinaDay(c.capturedAt) === d).length);

  const verdicts = (of: typeof attempts) => ({
    attempts: of.length,
    pass: of.filter((a) => a.verdict === 'pass').length,
    review: of.filter((a) => a.verdict === 'review').length,
    retake: of.filter((a) => a.verdict === 'retake').length,
  });
  expect(figures.quality.overall).toMatchObject(verdicts(attempts));
  for (const station of ['sh-pudong-ee', 'sh-xuhui-gov', 'hz-xihu-ps'])
    expect(figures.quality.byStation.find((s) => s.stationId === station)).toMatchObject(
      verdicts(attempts.filter((a) => a.stationId === station)),
    );
  const checkIds = new Set(attempts.flatMap((a) => a.checks));
  expect(figures.quality.byCheck.map((c) => c.checkId).sort()).toEqual([...checkIds].sort());
  for (const c of figures.quality.byCheck)
    expect(c.failures).toBe(attempts.filter((a) => a.checks.includes(c.checkId)).length);

  expect(figures.review).toMatchObject({
    backlog: 2,
    inReview: 2,
    awaitingSecondApproval: 0,
    slaBreached: 1,
  });
  expect(figures.library).toMatchObject({ issuedCases: 1, revocations: 0, revocationsToday: 0 });
  const issuedPhotos = await service.database
    .db('issued_photos')
    .where({ case_id: issuedCaseId, state: 'issued' });
  expect(figures.library.issuedPhotos).toBe(issuedPhotos.length);
  expect(figures.library.issuedPhotos).toBeGreaterThan(0);

  for (const target of upstreamTargets)
    expect(figures.upstream.find((t) => t.target === target)).toMatchObject(
      target === 'yrd'
        ? { delivered: 0, backlog: 1, retrying: 1, failuresInWindow: 1 }
        : { delivered: 1, deliveredToday: 1, backlog: 0, retrying: 0, failuresInWindow: 0 },
    );

  expect(figures.stations.deployed).toBe(4);
  // Only sh-pudong-ee captured within the online window (the seeded captures are twenty minutes old or more).
  expect(figures.stations.list.filter((s) => s.online).map((s) => s.id)).toEqual(['sh-pudong-ee']);
  expect(figures.stations.online).toBe(1);
});

test('grants, reads and revocations per client, and interface calls per client, equal the records the test wrote', async () => {
  const today = chinaDay(new Date());
  const isToday = (at: Date | null) => at !== null && chinaDay(at) === today;
  const expected = (of: typeof grants, readsOf: typeof reads) => ({
    activeGrants: of.filter((g) => g.state === 'active').length,
    grants: of.length,
    grantsToday: of.filter((g) => isToday(g.createdAt)).length,
    reads: readsOf.length,
    readsToday: readsOf.filter((r) => isToday(r.at)).length,
    revocations: of.filter((g) => g.revokedAt).length,
    revocationsToday: of.filter((g) => isToday(g.revokedAt)).length,
  });
  const { sharing, interfaceCalls } = await dashboard();
  expect(sharing).toMatchObject(expected(grants, reads));
  expect(sharing.byClient.map((c) => c.clientId)).toEqual([null, 'demo-employer', 'demo-exam-centre']);
  for (const clientId of [null, 'demo-employer', 'demo-exam-centre'])
    expect(sharing.byClient.find((c) => c.clientId === clientId)).toMatchObject(
      expected(
        grants.filter((g) => g.clientId === clientId),
        reads.filter((r) => r.clientId === clientId),
      ),
    );
  expect(sharing.byClient.find((c) => c.clientId === 'demo-employer')!.name).toBe('示例用人单位（演示）');

  const hz = await dashboard(await tokenFor('aud.hz'));
  const hzGrants = grants.filter((g) => g.regionId === 'hangzhou');
  expect(hz.sharing).toMatchObject(
    expected(
      hzGrants,
      reads.filter((r) => hzGrants.some((g) => g.id === r.grantId)),
    ),
  );

  const todays = calls.filter((c) => isToday(c.at));
  for (const clientId of ['demo-shebao', 'demo-employer']) {
    const of = todays.filter((c) => c.clientId === clientId);
    expect(interfaceCalls.find((c) => c.clientId === clientId)).toMatchObject({
      calls: of.length,
      errors: of.filter((c) => c.result !== 'ok').length,
      averageLatencyMs: of.reduce((a, c) => a + c.latencyMs, 0) / of.length,
      maxLatencyMs: Math.max(...of.map((c) => c.latencyMs)),
    });
  }
});

test('injected failures raise their anomalies: a check spike at one station, a failing library, a stuck case, unusual volume and reads', async () => {
  const { anomalies } = await dashboard();
  const of = <K extends Anomaly['kind']>(kind: K) =>
    anomalies.filter((a): a is Extract<Anomaly, { kind: K }> => a.kind === kind);

  const [spike, ...otherSpikes] = of('check_spike');
  expect(otherSpikes).toEqual([]);
  const recent = attempts.filter(
    (a) => a.stationId === 'sh-xuhui-gov' && a.capturedAt.getTime() > Date.now() - day,
  );
  const baseline = attempts.filter(
    (a) => a.stationId === 'sh-xuhui-gov' && a.capturedAt.getTime() <= Date.now() - day,
  );
  const failing = (of: typeof attempts) => of.filter((a) => a.checks.includes('exposure')).length;
  expect(spike).toMatchObject({
    stationId: 'sh-xuhui-gov',
    checkId: 'exposure',
    recent: { failures: failing(recent), attempts: recent.length },
    baseline: { failures: failing(baseline), attempts: baseline.length },
  });
  const zBaseline = twoProportionZ(
    { k: failing(recent), n: recent.length },
    { k: failing(baseline), n: baseline.length },
  );
  expect(spike!.z[0]).toBeCloseTo(zBaseline, 6);
  expect(spike!.z.every((z) => z >= 3)).toBe(true);

  expect(of('target_failing')).toEqual([
    expect.objectContaining({ target: 'yrd', failures: 1, lastError: expect.stringContaining('503') }),
  ]);
  expect(of('stuck_workflows')).toEqual([
    expect.objectContaining({ count: 1, caseIds: [stuckCaseId], byStatus: { processing: 1 } }),
  ]);
  // The 28 days before today, as the dashboard judges a day's volume; everything here is from the last hour, so
  // just after midnight in China part of it falls on the day before.
  const todayAndBefore = <T>(items: T[], at: (item: T) => Date) => {
    const today = items.filter((item) => chinaDay(at(item)) === chinaDay(new Date()));
    return { today, dailyMeanBefore: (items.length - today.length) / 28 };
  };
  const xihu = todayAndBefore(
    attempts.filter((a) => a.stationId === 'hz-xihu-ps'),
    (a) => a.capturedAt,
  );
  // Forty-five captures in the last hour where there were none before.
  expect(of('unusual_volume')).toEqual(
    xihu.today.length >= 20
      ? [
          expect.objectContaining({
            stationId: 'hz-xihu-ps',
            today: xihu.today.length,
            dailyMean: expect.closeTo(xihu.dailyMeanBefore, 9),
          }),
        ]
      : [],
  );
  const police = todayAndBefore(
    calls.filter((c) => c.clientId === 'demo-police-unit'),
    (c) => c.at,
  );
  const policeReadsToday = police.today;
  // The clients' ordinary reads (two or three today) raise nothing.
  expect(of('unusual_reads')).toEqual(
    policeReadsToday.length >= 20
      ? [
          expect.objectContaining({
            clientId: 'demo-police-unit',
            today: policeReadsToday.length,
            dailyMean: expect.closeTo(police.dailyMeanBefore, 9),
          }),
        ]
      : [],
  );
});

test("fairness: each group's counts, read from the ID numbers, and a drift alert for the group sent to retake more", async () => {
  const { fairness } = await dashboard();
  const recorded = attempts.filter((a) => sexOf(a.idNumber));
  expect(fairness.unrecorded).toBe(attempts.length - recorded.length);
  const expectGroup = (dimension: string, group: string, of: typeof attempts) =>
    expect(fairness.groups.find((g) => g.dimension === dimension && g.group === group)).toMatchObject({
      attempts: of.length,
      review: of.filter((a) => a.verdict === 'review').length,
      retake: of.filter((a) => a.verdict === 'retake').length,
    });
  for (const sex of ['male', 'female'])
    expectGroup(
      'sex',
      sex,
      recorded.filter((a) => sexOf(a.idNumber) === sex),
    );
  for (const band of ['0-17', '18-29', '30-44', '45-59', '60+'])
    expectGroup(
      'ageBand',
      band,
      recorded.filter((a) => ageBandOf(a.idNumber, a.capturedAt) === band),
    );

  const elders = recorded.filter((a) => ageBandOf(a.idNumber, a.capturedAt) === '60+');
  const rest = recorded.filter((a) => ageBandOf(a.idNumber, a.capturedAt) !== '60+');
  const retakes = (of: typeof attempts) => of.filter((a) => a.verdict === 'retake').length;
  const z = twoProportionZ({ k: retakes(elders), n: elders.length }, { k: retakes(rest), n: rest.length });
  expect(z).toBeGreaterThan(3);
  expect(fairness.alerts).toContainEqual({
    dimension: 'ageBand',
    group: '60+',
    measure: 'retake',
    rate: retakes(elders) / elders.length,
    restRate: retakes(rest) / rest.length,
    z: expect.closeTo(z, 6),
  });
  // Sex plays no part in the seeded verdicts: no alert for it.
  expect(fairness.alerts.filter((a) => a.dimension === 'sex')).toEqual([]);
});

test("a station's heartbeat brings it online; only that station's operators may send it", async () => {
  const beat = (token: string, stationId: string, body: object = {}) =>
    apiCall(service.api.baseUrl, 'POST', `/api/v1/stations/${stationId}/heartbeat`, token, body);
  const online = async () => (await dashboard()).stations.list.find((s) => s.id === 'hz-binjiang-gov')!;
  expect(await online()).toMatchObject({ online: false, lastHeartbeatAt: null, lastCaptureAt: null });

  const operator = await tokenFor('op.hz.binjiang');
  const answer = await beat(operator, 'hz-binjiang-gov', { device: 'Canon EOS R50 (window 2)' });
  expect(answer.status).toBe(200);
  expect(answer.body).toMatchObject({ stationId: 'hz-binjiang-gov' });
  const { receivedAt, onlineUntil } = answer.body as { receivedAt: string; onlineUntil: string };
  expect(Date.parse(onlineUntil) - Date.parse(receivedAt)).toBe(10 * minute);
  expect(await online()).toMatchObject({ online: true, lastHeartbeatAt: receivedAt });
  expect((await dashboard()).stations.online).toBe(2);

  expect((await beat(await tokenFor('op.sh.pudong'), 'hz-binjiang-gov')).status).toBe(403);
  expect((await beat(await tokenFor('citizen.sh'), 'hz-binjiang-gov')).status).toBe(403);
  expect((await beat(operator, 'no-such-station')).status).toBe(404);
  expect((await beat(operator, 'hz-binjiang-gov', { device: 'x'.repeat(201) })).status).toBe(400);
  expect((await beat(operator, 'hz-binjiang-gov', { stationId: 'other' })).status).toBe(400);
  // PostgreSQL's text holds no NUL character: refused as the caller's mistake, not answered 500.
  expect((await beat(operator, 'hz-binjiang-gov', { device: 'Canon\u0000' })).body).toMatchObject({
    status: 400,
    errors: [{ field: 'device' }],
  });
  expect((await beat(operator, 'hz-binjiang-gov%00')).body).toMatchObject({
    status: 400,
    errors: [{ field: 'id' }],
  });
});

test('the figures cover the reader’s region; reviewers and operators may not read them', async () => {
  const hz = await dashboard(await tokenFor('aud.hz'));
  expect(hz.regionId).toBe('hangzhou');
  expect(hz.stations.list.map((s) => s.id).sort()).toEqual(['hz-binjiang-gov', 'hz-xihu-ps']);
  expect(hz.quality.overall.attempts).toBe(attempts.filter((a) => a.regionId === 'hangzhou').length);
  expect(hz.upstream.every((t) => t.delivered === 0 && t.backlog === 0)).toBe(true);
  expect(hz.anomalies.map((a) => a.kind)).not.toContain('check_spike');

  const sh = await dashboard(await tokenFor('sup.sh'));
  expect(sh.regionId).toBe('shanghai');
  expect(sh.review.backlog).toBe(2);
  // Without the other region's stations the spike still stands against the station's own weeks.
  expect(sh.anomalies.filter((a) => a.kind === 'check_spike')).toHaveLength(1);
  expect((await dashboard(await tokenFor('adm.sh'))).regionId).toBe('shanghai');

  for (const user of ['rev.sh', 'op.sh.pudong', 'citizen.sh'])
    expect(
      (await apiCall(service.api.baseUrl, 'GET', '/api/v1/dashboard', await tokenFor(user))).status,
    ).toBe(403);
});
