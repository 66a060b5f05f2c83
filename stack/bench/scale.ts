/**
 * npm run bench:scale [-- --cases 1000000 --requests 200 --seed-only] — the library at city scale (a benchmark, not a test),
 * on a running stack (the bench stack of docs/benchmarks.md, DATABASE_URL pointing at its database). It loads
 * N cases with their audit chains (./scale/seed.ts; a second run adds only what is missing), then measures,
 * through the API with real tokens, one request at a time: the case list with filters and sorting as an
 * administrator and as a station's operator, searches, a deep page, one case's timeline; and, in the same
 * run, the ceiling: `GET /api/v1/me` (the token check and the framework, no query), so that each figure is
 * also a ratio to what any request costs on this machine at this hour; one photo's whole history; the
 * dashboard's whole answer (province-wide and for one region) and each of its queries alone. Then the audit
 * trail's verification throughput (entries per second), and the database's size.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config';
import { verifyAuditTrail } from '../../db/audit-verify';
import { createDb } from '../../db/knex';
import { loadKeyRing } from '../../signing/keys';
import { tokenFor } from '../../test/support/tokens';
import { dashboardQueries } from '../../db/dashboard/queries';
import { benchDashboardSettings } from './dashboard-modules';
import { seedCases, seedOutcomes, seededCount, scaleWorkflowPrefix } from './scale/seed';
import { configuredPersonCipher } from '../../db/configured-person-cipher';
import { idNumberOf } from '../../db/person-cipher';

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '1000000' },
    requests: { type: 'string', default: '200' },
    /** Load the cases and stop (the load may run at a quiet hour of its own). */
    'seed-only': { type: 'boolean', default: false },
  },
});
const caseCount = Number(args.cases);
const requests = Number(args.requests);
const config = loadConfig();
const apiUrl = (process.env.TONGPAI_API_URL || `http://localhost:${config.API_PORT}`).replace(/\/$/, '');
if (!config.DATABASE_URL)
  throw new Error('Set DATABASE_URL to the running stack’s database (docs/benchmarks.md)');
const db = createDb(config.DATABASE_URL);
// The stack's own keys (its data folder): the cases are sealed as its API would seal them.
const personCipher = configuredPersonCipher(config);

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))] ?? NaN;
};
const ms = (v: number) => v.toFixed(1).padStart(7);

/** One request at a time, after a warm-up; latencies in milliseconds. */
async function measure(token: string, urls: () => string): Promise<number[]> {
  const once = async () => {
    const started = performance.now();
    const res = await fetch(`${apiUrl}${urls()}`, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${urls()} answered ${res.status}`);
    return performance.now() - started;
  };
  for (let i = 0; i < 10; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < requests; i++) times.push(await once());
  return times;
}

const list = (filter: object, sort = ['capturedAt', 'DESC'], range = [0, 24]) =>
  `/api/v1/cases?${new URLSearchParams({
    filter: JSON.stringify(filter),
    sort: JSON.stringify(sort),
    range: JSON.stringify(range),
  })}`;

async function main() {
  const before = await seededCount(db);
  console.log(
    `benchmark cases in the database: ${before.toLocaleString('en')}; target ${caseCount.toLocaleString('en')}`,
  );
  const seedStarted = performance.now();
  await seedCases(db, personCipher, caseCount, (done) =>
    process.stdout.write(
      `\r  loaded ${done.toLocaleString('en')} cases (${((performance.now() - seedStarted) / 1000).toFixed(0)} s)`,
    ),
  );
  if (caseCount > before)
    console.log(
      `\nbulk load: ${((performance.now() - seedStarted) / 1000).toFixed(0)} s for ${(caseCount - before).toLocaleString('en')} cases`,
    );

  const outcomesStarted = performance.now();
  await seedOutcomes(db);
  console.log(
    `photos, submissions, grants and interface calls of the cases: ${((performance.now() - outcomesStarted) / 1000).toFixed(0)} s`,
  );

  if (args['seed-only']) return;
  const sample = await db('cases')
    .whereLike('workflow_id', `${scaleWorkflowPrefix}%`)
    .whereRaw('random() < 0.001')
    .limit(requests)
    .select('id', 'person_name', 'id_number_encrypted');
  const pickOne = () => sample[Math.floor(Math.random() * sample.length)]!;
  const admin = await tokenFor('adm.province', { keycloakUrl: config.keycloakUrl });
  const operator = await tokenFor('op.sh.pudong', { keycloakUrl: config.keycloakUrl });
  const regionAdmin = await tokenFor('adm.sh', { keycloakUrl: config.keycloakUrl });

  const series: [string, string, () => string][] = [
    ['ceiling: GET /me (token check, no query)', admin, () => '/api/v1/me'],
    ['list, all cases, newest first (admin)', admin, () => list({})],
    [
      'list, status in_review, oldest queued first',
      admin,
      () => list({ status: ['in_review'] }, ['queuedAt', 'ASC']),
    ],
    [
      'list, one station and verdict, by name',
      admin,
      () => list({ stationId: ['hz-xihu-ps'], verdict: ['review'] }, ['personName', 'ASC']),
    ],
    ['list, own station (operator, scoped in SQL)', operator, () => list({})],
    ['list, page 400 (offset 10,000)', admin, () => list({}, ['capturedAt', 'DESC'], [10_000, 10_024])],
    ['search by a name', admin, () => list({ q: pickOne().person_name })],
    ['search by an ID number', admin, () => list({ q: idNumberOf(personCipher, pickOne()) })],
    ['one case, its detail', admin, () => `/api/v1/cases/${pickOne().id}`],
    ['one case, its timeline (audit + workflow)', admin, () => `/api/v1/cases/${pickOne().id}/timeline`],
    ["one photo's whole history", admin, () => `/api/v1/cases/${pickOne().id}/history`],
    ['dashboard, every figure (province)', admin, () => '/api/v1/dashboard'],
    ['dashboard, every figure (one region)', regionAdmin, () => '/api/v1/dashboard'],
  ];
  let ceiling = NaN;
  console.log(`\n${'request'.padEnd(48)}    p50 ms  p99 ms  p99 / ceiling p50`);
  for (const [name, token, url] of series) {
    const times = await measure(token, url);
    if (Number.isNaN(ceiling)) ceiling = quantile(times, 0.5);
    const p99 = quantile(times, 0.99);
    console.log(`${name.padEnd(48)} ${ms(quantile(times, 0.5))} ${ms(p99)}  ${(p99 / ceiling).toFixed(1)}x`);
  }

  // Each of the dashboard's queries alone, straight on the database, province-wide: which figure costs what.
  console.log(`\n${'dashboard query, alone (province)'.padEnd(48)}    p50 ms  p99 ms  p99 / ceiling p50`);
  for (const [name, run] of Object.entries(dashboardQueries(db, () => undefined, benchDashboardSettings))) {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) await run();
    for (let i = 0; i < requests; i++) {
      const started = performance.now();
      await run();
      times.push(performance.now() - started);
    }
    const p99 = quantile(times, 0.99);
    console.log(`${name.padEnd(48)} ${ms(quantile(times, 0.5))} ${ms(p99)}  ${(p99 / ceiling).toFixed(1)}x`);
  }

  const keys = loadKeyRing(config.signingKeysDir, { activeKeyId: config.SIGNING_KEY_ID });
  const verifyStarted = performance.now();
  const verification = await verifyAuditTrail(db, keys);
  const verifySeconds = (performance.now() - verifyStarted) / 1000;
  console.log(
    `\naudit verification: ${verification.events.toLocaleString('en')} entries in ${verification.streams.toLocaleString('en')} chains, ` +
      `${verifySeconds.toFixed(0)} s, ${Math.round(verification.events / verifySeconds).toLocaleString('en')} entries/s, ok=${verification.ok}`,
  );
  const sizes = await db.raw(`
    select pg_size_pretty(pg_database_size(current_database())) as database,
           pg_size_pretty(pg_total_relation_size('cases')) as cases,
           pg_size_pretty(pg_total_relation_size('audit_events')) as audit`);
  console.log('database size:', sizes.rows[0]);
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => db.destroy());
