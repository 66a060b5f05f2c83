/**
 * Bulk load for the scale benchmark: N cases of a year's intake across the demo stations, each with the audit
 * chain its lifecycle writes (captured, processing, processed, then issued or where it rests), hashed exactly
 * as appends hash them so that verification runs over real chains. Rows are written as COPY text files and
 * loaded by the server (`COPY ... FROM '<file>'`: the benchmark's PostgreSQL runs on this machine), with every
 * index in place, as a live library would have them.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Knex } from 'knex';
import { backfill as fillDashboardCounts } from '../../../db/migrations/0019_dashboard_counts';
import { genesisHash, hashEntry } from '../../../db/audit';
import type { PersonCipher } from '../../../db/person-cipher';
import { demoStations } from '../../../domain/stations';
import { residentIdNumbers } from '../id-numbers';

/** Marks the benchmark's cases (workflow ids), so a second run adds only what is missing. */
export const scaleWorkflowPrefix = 'scale-';
const chunkSize = 50_000;
const yearMs = 365 * 86_400_000;

/** Where a case rests, how often (a year's intake: most issued, some waiting, a few refused or replaced). */
const outcomes = [
  { status: 'issued', share: 0.86, verdict: 'pass' },
  { status: 'in_review', share: 0.03, verdict: 'review' },
  { status: 'awaiting_retake', share: 0.03, verdict: 'retake' },
  { status: 'rejected', share: 0.01, verdict: 'review' },
  { status: 'superseded', share: 0.05, verdict: 'pass' },
  { status: 'revoked', share: 0.005, verdict: 'pass' },
  { status: 'abandoned', share: 0.015, verdict: 'retake' },
] as const;
const families = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡'];
const givens = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '磊',
  '洋',
  '艳',
  '勇',
  '军',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
];

const pick = <T>(items: readonly T[], r: number) => items[Math.floor(r * items.length)]!;

function outcomeFor(r: number) {
  let acc = 0;
  for (const o of outcomes) if (r < (acc += o.share)) return o;
  return outcomes[0];
}

/** COPY's text format: tab-separated, `\N` for null, backslash escapes. */
const field = (v: unknown): string =>
  v === null || v === undefined
    ? '\\N'
    : String(v instanceof Date ? v.toISOString() : v).replace(/[\\\t\n\r]/g, (c) =>
        c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
      );

const caseColumns = [
  'id',
  'status',
  'category',
  'person_name',
  'id_number_encrypted',
  'id_number_hmac',
  'id_number_masked',
  'resident_sex',
  'resident_birth',
  'station_id',
  'region_id',
  'operator_subject',
  'operator_username',
  'master_sha256',
  'master_mime_type',
  'master_bytes',
  'master_width',
  'master_height',
  'workflow_id',
  'verdict',
  'captured_at',
  'created_at',
  'updated_at',
  'documents',
  'queued_at',
  'issued_at',
] as const;
const auditColumns = [
  'stream',
  'seq',
  'at',
  'case_id',
  'actor',
  'action',
  'data',
  'prev_hash',
  'hash',
] as const;

export async function seededCount(db: Knex): Promise<number> {
  const [{ count }] = (await db('cases')
    .whereLike('workflow_id', `${scaleWorkflowPrefix}%`)
    .count({ count: '*' })) as [{ count: string }];
  return Number(count);
}

/** Adds cases until `target` benchmark cases exist; reports progress per chunk. */
/** A resident's person columns as a capture stores them (db/cases.ts personColumnsOf), computed here for COPY. */
function personFields(cipher: PersonCipher, idNumber: string) {
  const sealed = cipher.columns(idNumber);
  const sex = Number(idNumber[16]) % 2 === 1 ? 'male' : 'female';
  return [
    sealed.id_number_encrypted,
    sealed.id_number_hmac,
    sealed.id_number_masked,
    sex,
    idNumber.slice(6, 14),
  ];
}

export async function seedCases(
  db: Knex,
  cipher: PersonCipher,
  target: number,
  progress: (done: number) => void,
): Promise<void> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tongpai-scale-'));
  await fs.chmod(dir, 0o755); // the server process reads the files
  const ids = residentIdNumbers();
  const now = Date.now();
  try {
    for (let done = await seededCount(db); done < target;) {
      const size = Math.min(chunkSize, target - done);
      const casesFile = path.join(dir, 'cases.tsv');
      const auditFile = path.join(dir, 'audit.tsv');
      const cases = createWriteStream(casesFile);
      const audit = createWriteStream(auditFile);
      for (let i = 0; i < size; i++) {
        const station = pick(demoStations, Math.random());
        const outcome = outcomeFor(Math.random());
        const id = randomUUID();
        const captured = new Date(now - Math.random() * yearMs);
        const processed = new Date(captured.getTime() + 2000 + Math.random() * 3000);
        const issued = outcome.verdict === 'pass' ? new Date(processed.getTime() + 500) : null;
        const operator = `op.${station.id}`;
        const row = [
          id,
          outcome.status,
          'resident',
          pick(families, Math.random()) + pick(givens, Math.random()),
          ...personFields(cipher, ids.next().value!),
          station.id,
          station.regionId,
          operator,
          operator,
          '0'.repeat(64),
          'image/jpeg',
          1_200_000,
          1350,
          1350,
          `${scaleWorkflowPrefix}${id}`,
          outcome.verdict,
          captured,
          captured,
          issued ?? processed,
          '{id_card}',
          outcome.status === 'in_review' ? processed : null,
          issued,
        ];
        cases.write(row.map(field).join('\t') + '\n');
        const entries: [Date, string, string, Record<string, unknown>][] = [
          [captured, operator, 'case.captured', { stationId: station.id, attempt: 1 }],
          [new Date(captured.getTime() + 300), 'system:worker', 'case.processing', {}],
          [processed, 'system:worker', 'case.processed', { verdict: outcome.verdict }],
        ];
        if (issued) entries.push([issued, 'system:worker', 'case.issued', { profiles: ['id_card'] }]);
        let prevHash = genesisHash;
        entries.forEach(([at, actor, action, data], k) => {
          const seq = k + 1;
          const hash = hashEntry(prevHash, { stream: id, seq, at, caseId: id, actor, action, data });
          const line = [id, seq, at, id, actor, action, JSON.stringify(data), prevHash, hash];
          audit.write(line.map(field).join('\t') + '\n');
          prevHash = hash;
        });
      }
      await Promise.all([cases, audit].map((s) => new Promise((resolve) => s.end(resolve))));
      await fs.chmod(casesFile, 0o644);
      await fs.chmod(auditFile, 0o644);
      await db.transaction(async (trx) => {
        await trx.raw(`copy cases (${caseColumns.join(', ')}) from '${casesFile}'`);
        await trx.raw(`copy audit_events (${auditColumns.join(', ')}) from '${auditFile}'`);
      });
      done += size;
      progress(done);
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
  await db.raw('analyze cases');
  await db.raw('analyze audit_events');
}

/**
 * What the library's cases lead to, for the dashboard's figures at scale: each issued, revoked or superseded
 * case's photos (id_card and master; in force while issued) and its four upstream submissions (delivered; a
 * revoked case's recalled; one in two hundred of the issued still retrying), a grant over one in twenty of
 * them (given within a week of issuance, one in five revoked since, read once or twice by the demo third
 * parties), and two days of the demo clients' interface calls, minute by minute. Written by the server from the
 * cases themselves (`insert ... select`), only for the benchmark's cases that have none yet. One transaction
 * with the tables' triggers off (`session_replication_role`), then the dashboard's counters made again from the
 * tables as migration 0019 first made them: a million rows through the triggers, each moving one of a few
 * counters, ran for over ten minutes where the refill takes seconds.
 */
export async function seedOutcomes(db: Knex): Promise<void> {
  await db.transaction(async (trx) => {
    await trx.raw('set local session_replication_role = replica');
    await insertOutcomes(trx);
    await trx('dashboard_counts').delete();
    await fillDashboardCounts(trx);
  });
  for (const table of ['issued_photos', 'upstream_submissions', 'grants', 'grant_reads', 'interface_calls'])
    await db.raw(`analyze ${table}`);
}

async function insertOutcomes(db: Knex): Promise<void> {
  const done = `c.workflow_id like '${scaleWorkflowPrefix}%' and c.status in ('issued', 'revoked', 'superseded')`;
  await db.raw(`
    insert into issued_photos (case_id, profile_id, attempt, sha256, issued_at, key_id, certificate, state)
    select c.id, p, 1, repeat('0', 64), coalesce(c.issued_at, c.updated_at), 'scale', '{}',
        case c.status when 'issued' then 'issued' when 'revoked' then 'revoked' else 'superseded' end
      from cases c cross join unnest(array['id_card', 'master']) p
      where ${done} and not exists (select 1 from issued_photos i where i.case_id = c.id)`);
  await db.raw(`
    insert into upstream_submissions (case_id, target, photo_version, state, attempts, updated_at, last_error,
        last_error_at)
    select c.id, t, 1, s.state, 1, coalesce(c.issued_at, c.updated_at) + interval '2 seconds',
        case when s.state = 'retrying' then '503 unavailable' end,
        case when s.state = 'retrying' then now() - random() * interval '2 hours' end
      from cases c cross join unnest(array['yrd', 'exit_entry', 'id_card', 'driving_licence']) t
      cross join lateral (select case when c.status = 'revoked' then 'recalled'
        when c.status = 'issued' and hashtext(c.id::text || t) % 200 = 0 then 'retrying'
        else 'delivered' end as state) s
      where ${done} and not exists (select 1 from upstream_submissions u where u.case_id = c.id)`);
  await db.raw(`
    insert into grants (id, case_id, region_id, owner_id_number_hmac, profiles, purpose, expires_at, max_reads,
        client_id, code_hash, state, created_at, created_by, on_behalf, ended_at, revoked_at, revoked_by)
    select gen_random_uuid(), c.id, c.region_id, c.id_number_hmac, '{id_card}', 'employment', g.at + interval '30 days',
        3, (array['demo-employer', 'demo-exam-centre', null])[1 + abs(hashtext(c.id::text || 'client')) % 3],
        encode(sha256(c.id::text::bytea), 'hex'), g.state, g.at, 'citizen', false,
        case when g.state <> 'active' then g.ended end, case when g.state = 'revoked' then g.ended end,
        case when g.state = 'revoked' then 'citizen' end
      from cases c cross join lateral (
        select c.issued_at + random() * interval '7 days' as at) a
      cross join lateral (
        select a.at, least(a.at + random() * interval '30 days', now()) as ended,
          case when abs(hashtext(c.id::text || 'revoked')) % 5 = 0 then 'revoked'
            when a.at + interval '30 days' < now() then 'expired' else 'active' end as state) g
      where c.workflow_id like '${scaleWorkflowPrefix}%' and c.status = 'issued' and abs(hashtext(c.id::text)) % 20 = 0
        and not exists (select 1 from grants x where x.case_id = c.id)`);
  await db.raw(`
    insert into grant_reads (grant_id, client_id, registered_name, profile_id, purpose, at, result)
    select g.id, coalesce(g.client_id, 'demo-employer'), 'scale', 'id_card', g.purpose,
        g.created_at + k * interval '1 hour', 'delivered'
      from grants g cross join generate_series(1, 1 + abs(hashtext(g.id::text)) % 2) k
      join cases c on c.id = g.case_id
      where c.workflow_id like '${scaleWorkflowPrefix}%' and not exists (select 1 from grant_reads r where r.grant_id = g.id)`);
  await db.raw(`
    insert into interface_calls (client_id, client_kind, endpoint, result, minute, count, latency_ms_sum,
        latency_ms_max)
    select client, kind, 'lookup', 'ok', m, 3, 90, 45
      from (values ('demo-shebao', 'organisation'), ('demo-police-unit', 'organisation'),
          ('demo-employer', 'third_party'), ('demo-exam-centre', 'third_party')) k(client, kind)
      cross join generate_series(date_trunc('minute', now()) - interval '2 days', date_trunc('minute', now()),
        interval '1 minute') m
    on conflict do nothing`);
}
