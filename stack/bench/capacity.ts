/**
 * npm run measure:capacity [-- --cases N] — the figures docs/capacity.md builds on, measured on a stack of its own
 * (the drill stack: PostgreSQL, the Temporal dev server, the upstream simulator, worker and API as real processes
 * in a temporary folder; tokens from the Keycloak of `npm start` or KEYCLOAK_URL). N residents (16 by default)
 * are captured with the drills' three faces that pass, issued and delivered to the four libraries; then, per case:
 * the master and each rendered photo's size, the rows and bytes it holds in each table (audit trail included),
 * and its Temporal histories (the case's and its four submissions': events, and bytes as the server stores them,
 * protobuf-encoded). Last, the pipeline alone renders every shipped profile from every test face, for sizes over
 * more faces. Prints Markdown tables. A measurement, not a test: exits 0 once it has printed.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as proto from '@temporalio/proto';
import { Client, Connection } from '@temporalio/client';
import { loadConfig } from '../../config';
import { createFileBlobStore } from '../../db/blob-store';
import { upstreamTargets } from '../../domain/upstream';
import { createPhotoPipeline } from '../../imaging';
import { captureResidents, waitForSubmissions } from '../drill/cases';
import { startDrillStack } from '../drill/stack';

const { values: args } = parseArgs({ options: { cases: { type: 'string', default: '16' } } });
const count = Number(args.cases);

const tables = [
  'cases',
  'case_attempts',
  'case_photos',
  'issued_photos',
  'upstream_submissions',
  'audit_events',
];

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const stats = (values: number[]) => `${Math.min(...values)} / ${median(values)} / ${Math.max(...values)}`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

async function main() {
  const config = loadConfig();
  console.log(
    `machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'CPU'}, ${new Date().toISOString()}, ${count} cases`,
  );
  const stack = await startDrillStack({ keycloakUrl: config.keycloakUrl });
  try {
    const caseIds = await captureResidents(stack, count);
    await waitForSubmissions(stack, caseIds, { timeoutMs: 300_000 });
    const db = stack.db;
    const blobs = createFileBlobStore(path.join(stack.root, 'blobs'));

    // Photo sizes: the master as captured, each rendered profile, the annotated preview.
    const masters: { master_bytes: number; preview_sha256: string }[] = await db('cases')
      .whereIn('id', caseIds)
      .select('master_bytes', 'preview_sha256');
    const photos: { profile_id: string; bytes: number; width: number; height: number }[] = await db(
      'case_photos',
    )
      .whereIn('case_id', caseIds)
      .select('profile_id', 'bytes', 'width', 'height');
    const previews = await Promise.all(masters.map(async (m) => (await blobs.get(m.preview_sha256)).length));
    console.log('\n| photo | pixels | bytes min / median / max |\n|---|---|---|');
    console.log(`| master (as captured) | | ${stats(masters.map((m) => m.master_bytes))} |`);
    for (const profile of [...new Set(photos.map((p) => p.profile_id))].sort()) {
      const rows = photos.filter((p) => p.profile_id === profile);
      console.log(
        `| ${profile} | ${rows[0]!.width} x ${rows[0]!.height} | ${stats(rows.map((p) => p.bytes))} |`,
      );
    }
    console.log(`| preview (annotated) | | ${stats(previews)} |`);

    // Database: rows per case and their bytes (pg_column_size of the row), then each table's whole size
    // (indexes and TOAST included) per case.
    console.log(
      '\n| table | rows per case | row bytes per case | table + indexes per case |\n|---|---|---|---|',
    );
    for (const table of tables) {
      const column = table === 'cases' ? 'id' : 'case_id';
      const { rows, bytes } = (
        await db.raw(
          `select count(*)::int as rows, coalesce(sum(pg_column_size(t.*)), 0)::int as bytes from ${table} t where ${column} = any(?)`,
          [caseIds],
        )
      ).rows[0] as { rows: number; bytes: number };
      const { total } = (await db.raw(`select pg_total_relation_size(?)::int as total`, [table])).rows[0] as {
        total: number;
      };
      console.log(
        `| ${table} | ${(rows / count).toFixed(1)} | ${Math.round(bytes / count)} | ${Math.round(total / count)} |`,
      );
    }

    // Temporal: each case's workflow and its four submission workflows, as the server stores them.
    const connection = await Connection.connect({ address: stack.temporalAddress });
    const client = new Client({ connection });
    const measure = async (workflowId: string) => {
      const history = await client.workflow.getHandle(workflowId).fetchHistory();
      const encoded = proto.temporal.api.history.v1.History.encode(history).finish().length;
      return { events: history.events?.length ?? 0, bytes: encoded };
    };
    const cases = await Promise.all(caseIds.map((id) => measure(`photo-${id}`)));
    const submissions = await Promise.all(
      caseIds.flatMap((id) => upstreamTargets.map((t) => measure(`upstream-${id}-${t}`))),
    );
    await connection.close();
    console.log('\n| workflow | events min / median / max | bytes min / median / max |\n|---|---|---|');
    console.log(
      `| photo-<case> (capture to issued) | ${stats(cases.map((c) => c.events))} | ${stats(cases.map((c) => c.bytes))} |`,
    );
    console.log(
      `| upstream-<case>-<library> (one delivery) | ${stats(submissions.map((s) => s.events))} | ${stats(submissions.map((s) => s.bytes))} |`,
    );
    const perCase =
      (cases.reduce((s, c) => s + c.bytes, 0) + submissions.reduce((s, c) => s + c.bytes, 0)) / count;
    console.log(`\nTemporal history per issued and delivered case (all five workflows): ${kib(perCase)}`);
  } finally {
    await stack.stop();
  }
  await everyProfileOnEveryTestFace(config.TONGPAI_MODELS_DIR, config.TONGPAI_TESTDATA_DIR);
}

/** The pipeline alone on every test face (faces/ and faces-hr/), every shipped profile: sizes per profile. */
async function everyProfileOnEveryTestFace(modelsDir: string, testdataDir: string) {
  const pipeline = await createPhotoPipeline({ modelsDir });
  const sizes = new Map<string, number[]>();
  const add = (name: string, bytes: number) => sizes.set(name, [...(sizes.get(name) ?? []), bytes]);
  let processed = 0;
  try {
    for (const folder of ['faces', 'faces-hr']) {
      for (const file of (await fs.readdir(path.join(testdataDir, folder))).filter((f) =>
        /\.jpe?g$/i.test(f),
      )) {
        const master = await fs.readFile(path.join(testdataDir, folder, file));
        const result = await pipeline
          .process(master, { profiles: pipeline.profiles.ids() })
          .catch(() => undefined);
        if (!result) continue; // no face (the pipeline refuses it): nothing rendered
        processed += 1;
        add(`master (${folder})`, master.length);
        for (const [profile, jpeg] of Object.entries(result.renders)) add(profile, jpeg.length);
        add('preview', result.preview.length);
      }
    }
  } finally {
    await pipeline.close();
  }
  console.log(`\nEvery shipped profile on ${processed} test faces (the pipeline alone):\n`);
  console.log('| photo | bytes min / median / max |\n|---|---|');
  for (const [name, values] of [...sizes].sort(([a], [b]) => a.localeCompare(b)))
    console.log(`| ${name} | ${stats(values)} |`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
