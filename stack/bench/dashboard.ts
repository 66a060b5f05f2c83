/**
 * npx tsx stack/bench/dashboard.ts [--cases N] [--keep] — the dashboard's answer on a seeded volume (a benchmark,
 * not a test). With DATABASE_URL naming a PostgreSQL cluster, it creates a database of its own, migrates it,
 * adds 40 stations and bulk-loads N processed cases over the last 30 days (a check failing on most, issued
 * half of them with four upstream submissions and five issued photos each), then asks for the whole dashboard
 * 20 times per scope (province, one region) and prints the median and worst times beside a reference query
 * of the same run (a count over the cases of the last 30 days), since this machine's speed drifts; then each
 * query module alone.
 */
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import { dashboardFigures } from '../../api/dashboard/figures';
import { createDb } from '../../db/knex';
import { migrateLatest } from '../../db/migrate';
import { seedDemoData } from '../../db/seed';
import type { RegionScope } from '../../db/dashboard/scope';
import { dashboardQueries } from '../../db/dashboard/queries';
import { benchDashboardSettings as settings } from './dashboard-modules';

const { values: args } = parseArgs({
  options: { cases: { type: 'string', default: '100000' }, keep: { type: 'boolean', default: false } },
});
const caseCount = Number(args.cases);

async function seed(db: Knex) {
  await db.raw(`insert into stations (id, region_id, name_zh, name_en, network)
    select 'bench-' || i, case when i % 2 = 0 then 'shanghai' else 'hangzhou' end, '站点' || i, 'Station ' || i, 'gov'
    from generate_series(1, 40) i`);
  await db.raw(
    `insert into cases (id, status, category, person_name, id_number, station_id, region_id, operator_subject,
        operator_username, master_sha256, master_mime_type, master_bytes, workflow_id, captured_at, verdict,
        quality_report)
      select gen_random_uuid(), (array['issued', 'abandoned', 'issued', 'in_review'])[1 + i % 4], 'resident', '测试',
        '110105' || (1940 + i % 80) || '0315' || lpad((i % 1000)::text, 3, '0') || 'X',
        'bench-' || (1 + i % 40), case when (1 + i % 40) % 2 = 0 then 'shanghai' else 'hangzhou' end,
        'bench', 'bench', repeat('0', 64), 'image/jpeg', 1, 'photo-bench-' || i,
        now() - random() * interval '30 days', (array['pass', 'pass', 'pass', 'review', 'retake'])[1 + i % 5],
        jsonb_build_object('failing', case when i % 3 = 0 then '[]'::jsonb else jsonb_build_array(
          jsonb_build_object('id', (array['exposure', 'blur', 'yaw', 'background'])[1 + i % 4], 'profile', 'id_card'),
          jsonb_build_object('id', 'exposure', 'profile', 'exit_entry')) end)
      from generate_series(1, ?) i`,
    [caseCount],
  );
  await db.raw(`insert into upstream_submissions (case_id, target, photo_version, state, updated_at)
    select id, t, 1, 'delivered', captured_at from cases, unnest(array['yrd', 'exit_entry', 'id_card', 'driving_licence']) t
    where status = 'issued'`);
  await db.raw(`insert into issued_photos (case_id, profile_id, attempt, sha256, issued_at, key_id, certificate)
    select id, p, 1, repeat('0', 64), captured_at, 'bench', '{}'::jsonb from cases,
      unnest(array['id_card', 'exit_entry', 'driving_licence', 'face_compare', 'master']) p where status = 'issued'`);
  await db.raw('analyze');
}

async function time(run: () => Promise<unknown>, times = 20): Promise<{ median: number; worst: number }> {
  const ms: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await run();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)]!, worst: ms[ms.length - 1]! };
}

async function main() {
  const clusterUrl = process.env.DATABASE_URL;
  if (!clusterUrl)
    throw new Error('Set DATABASE_URL to a PostgreSQL cluster this benchmark may create a database in');
  const admin = createDb(clusterUrl, { min: 0, max: 1 });
  const name = `bench_dashboard_${Date.now()}`;
  await admin.raw(`create database ${name}`);
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  const db = createDb(url.toString());
  try {
    await migrateLatest(db);
    await seedDemoData(db);
    const started = performance.now();
    await seed(db);
    console.log(`seeded ${caseCount} cases in ${Math.round(performance.now() - started)} ms`);
    const province: RegionScope = () => undefined;
    const shanghai: RegionScope = (qb) => void qb.where('region_id', 'shanghai');
    const reference = await time(() =>
      db('cases').where('captured_at', '>=', db.raw(`now() - interval '30 days'`)).count(),
    );
    const fmt = (t: { median: number; worst: number }) =>
      `median ${t.median.toFixed(0)} ms, worst ${t.worst.toFixed(0)} ms (${(t.median / reference.median).toFixed(1)}x the reference)`;
    console.log(`reference (count of 30 days of cases): median ${reference.median.toFixed(0)} ms`);
    console.log(
      `dashboard, province: ${fmt(await time(() => dashboardFigures(db, province, null, settings)))}`,
    );
    console.log(
      `dashboard, one region: ${fmt(await time(() => dashboardFigures(db, shanghai, 'shanghai', settings)))}`,
    );
    for (const [name, run] of Object.entries(dashboardQueries(db, province, settings)))
      console.log(`  ${name}, province: ${fmt(await time(run, 5))}`);
  } finally {
    await db.destroy();
    if (!args.keep) await admin.raw(`drop database if exists ${name} with (force)`);
    await admin.destroy();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
