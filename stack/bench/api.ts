/**
 * npm run bench:api [-- --connections C --seconds S --citizens N] — the throughput and latency of the two ways a photo leaves
 * for another party (a benchmark, not a test). One Express process (a child of this one, so that the load
 * generator does not share its event loop) serves three routes on the same database and blob store:
 *
 * - lookup: `POST /api/v1/lookups` as the demo department's client (`demo-shebao`, client credentials from
 *   KEYCLOAK_URL): token check, registered client, active approval, scope, limits, the issued photo by ID
 *   number, its file, the read recorded and the call counted;
 * - redeem: `POST /api/v1/redeem` by grant id as the demo third party (`demo-employer`): token check,
 *   registered client, rate limits, the read counted under the grant's guard, logged in the access log and the
 *   case's audit chain, the file and its certificate checked;
 * - ceiling: `POST /bench/ceiling` in the same process, answering the same file the same way (JSON, base64)
 *   with no token, no check and no record.
 *
 * autocannon sends each for S seconds at C connections, ceiling, lookup, redeem, three rounds in one run; the
 * figure is each round's throughput as a ratio of its ceiling's, the median of the three (this machine's
 * speed drifts a quarter between hours, and with other people's jobs within minutes). The data lives in a database of its own in DATABASE_URL's cluster,
 * dropped at the end: the demo catalogue, organisations and third parties (seeded), one issued photo, an active
 * approval and a grant with limits no benchmark reaches (written directly: neither workflow is on a read's path).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import autocannon from 'autocannon';
import express from 'express';
import pino from 'pino';
import { createApp } from '../../api/app';
import { apiDeps } from '../../api/deps';
import { loadConfig } from '../../config';
import { createBlobStore } from '../../db/blob-stores';
import { newBlobKeyEntry } from '../../db/blob-keys';
import { insertCase, personColumnsOf } from '../../db/cases';
import { configuredPersonCipher } from '../../db/configured-person-cipher';
import { insertGrant } from '../../db/grants';
import { insertIssuedPhotos } from '../../db/issued-photos';
import { createDb } from '../../db/knex';
import { migrateLatest } from '../../db/migrate';
import { seedDemoData } from '../../db/seed';
import { certifyPhoto } from '../../signing/certificate';
import { loadKeyRing } from '../../signing/keys';
import { requestToken } from '../../test/support/tokens';
import { residentIdNumbers } from './id-numbers';

const { values: args } = parseArgs({
  options: {
    connections: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '10' },
    citizens: { type: 'string', default: '200' },
    serve: { type: 'string' },
  },
});
const config = loadConfig();

interface Fixture {
  /** The child API's settings: its database, photo store, keys. */
  env: Record<string, string>;
  sha256: string;
}

/** Limits no run reaches: a benchmark measures the reads, not the refusals. */
const unreachable = 1_000_000_000;

/** The child: the API as `api/main.ts` wires it, and the ceiling route, in one Express process; prints its port. */
async function serve(fixture: Fixture) {
  const childConfig = loadConfig({ ...process.env, ...fixture.env });
  // A lookup never reaches Temporal: the connection is made only if something asks.
  const temporal = new Client({ connection: Connection.lazy({ address: childConfig.temporalAddress }) });
  const { deps } = await apiDeps(childConfig, { temporal, log: pino({ level: 'silent' }) });
  const app = express();
  app.post('/bench/ceiling', express.json(), async (req, res) => {
    const bytes = await deps.blobs.get(fixture.sha256);
    res.json({
      matterCode: (req.body as { matterCode: string }).matterCode,
      photo: bytes.toString('base64'),
    });
  });
  app.use(createApp(deps));
  const server = app.listen(0, () => {
    const address = server.address() as { port: number };
    process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
  });
}

/**
 * A database of its own with the demo data and, for each of `citizens` people, an issued photo and a grant to the
 * demo third party; an approval and grants no run reaches the limits of. Reads rotate over the people as a
 * city's would: a read counts under its own grant's row lock and appends to its own case's audit chain.
 */
async function prepare(
  clusterUrl: string,
  citizens: number,
): Promise<Fixture & { people: { idNumber: string; grantId: string }[]; drop(): Promise<void> }> {
  const admin = createDb(clusterUrl, { min: 0, max: 1 });
  const name = `bench_api_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await admin.raw(`create database ${name}`);
  const url = new URL(clusterUrl);
  url.pathname = `/${name}`;
  const db = createDb(url.toString());
  const scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-api-'));
  const blobDir = path.join(scratch, 'blobs');
  const keysDir = path.join(scratch, 'keys');
  const keys = loadKeyRing(keysDir, { generateIfEmpty: true });
  const photo = await fs.readFile(
    path.join(config.TONGPAI_TESTDATA_DIR, 'faces-hr', 'london_002_neutral.jpg'),
  );
  const env = {
    DATABASE_URL: url.toString(),
    BLOB_STORE: 'file',
    BLOB_DIR: blobDir,
    BLOB_MASTER_KEYS: newBlobKeyEntry('bench'),
    SIGNING_KEYS_DIR: keysDir,
    SIGNING_KEY_ID: keys.activeKeyId,
    // The development secrets (person hash, grant codes) are made in here.
    TONGPAI_DATA_DIR: scratch,
    REDEEM_RATE_PER_ADDRESS: String(unreachable),
  };
  // The photo stored as the API stores it (encrypted), so every route reads it the same way.
  const childConfig = loadConfig({ ...process.env, ...env });
  const sha256 = await createBlobStore(childConfig).put(photo);
  const cipher = configuredPersonCipher(childConfig);
  const idNumbers = residentIdNumbers();
  const people = Array.from({ length: citizens }, () => ({
    idNumber: idNumbers.next().value!,
    caseId: randomUUID(),
    grantId: randomUUID(),
  }));
  await migrateLatest(db);
  await seedDemoData(db);
  await db.transaction(async (trx) => {
    for (const { idNumber, caseId, grantId } of people) {
      await insertCase(trx, {
        id: caseId,
        status: 'issued',
        category: 'resident',
        person_name: '基准',
        ...personColumnsOf(trx, cipher, idNumber),
        station_id: 'sh-pudong-ee',
        region_id: 'shanghai',
        operator_subject: 'bench',
        operator_username: 'bench',
        device: null,
        master_sha256: sha256,
        master_mime_type: 'image/jpeg',
        master_bytes: photo.length,
        master_width: null,
        master_height: null,
        workflow_id: `photo-${caseId}`,
        failure_reason: null,
        captured_at: new Date(),
        documents: ['id_card'],
        nationality_conflict: false,
      });
      const issuedAt = new Date();
      await insertIssuedPhotos(trx, [
        {
          case_id: caseId,
          profile_id: 'id_card',
          attempt: 1,
          sha256,
          issued_at: issuedAt,
          key_id: keys.activeKeyId,
          certificate: certifyPhoto(keys, {
            sha256,
            caseId,
            profileId: 'id_card',
            issuedAt: issuedAt.toISOString(),
          }),
        },
      ]);
      await insertGrant(trx, {
        id: grantId,
        case_id: caseId,
        region_id: 'shanghai',
        owner_id_number_hmac: cipher.hash(idNumber),
        profiles: ['id_card'],
        purpose: 'employment',
        purpose_text: null,
        expires_at: new Date(Date.now() + 24 * 3600_000),
        max_reads: 2_000_000_000,
        client_id: 'demo-employer',
        code_hash: randomUUID(),
        created_at: new Date(),
        created_by: 'bench',
        on_behalf: false,
      });
    }
    const applicationId = randomUUID();
    await trx('sharing_applications').insert({
      id: applicationId,
      organisation_id: 'sh-social-security',
      entry_id: 'resident-photo',
      matters: ['social-security-card'],
      purpose: 'benchmark',
      expected_daily_volume: 1,
      validity_days: 1,
      status: 'active',
      applied_by: 'bench',
      applied_at: new Date(),
      decided_by: 'bench',
      decided_at: new Date(),
      rate_per_minute: unreachable,
      daily_quota: unreachable,
      profiles: ['id_card'],
      valid_until: new Date(Date.now() + 24 * 3600_000),
      workflow_id: `application-${applicationId}`,
    });
    await trx('third_party_clients')
      .where({ client_id: 'demo-employer' })
      .update({ redeems_per_minute: unreachable });
  });
  await db.destroy();
  return {
    env,
    sha256,
    people,
    async drop() {
      await admin.raw(`drop database if exists ${name} with (force)`);
      await admin.destroy();
      await fs.rm(scratch, { recursive: true, force: true });
    },
  };
}

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
  failed: number;
}

/** S seconds at C connections; the bodies are sent in rotation. */
async function load(url: string, token: string | undefined, bodies: string[]): Promise<Figures> {
  let sent = 0;
  const result = await autocannon({
    url,
    method: 'POST',
    connections: Number(args.connections),
    duration: Number(args.seconds),
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    requests: [{ setupRequest: (request) => ({ ...request, body: bodies[sent++ % bodies.length] }) }],
  });
  return {
    perSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

async function main() {
  if (args.serve) return serve(JSON.parse(args.serve) as Fixture);
  if (!config.DATABASE_URL)
    throw new Error('DATABASE_URL is not set: the benchmark needs a PostgreSQL cluster');
  const department = await clientToken('demo-shebao');
  const thirdParty = await clientToken('demo-employer');
  const fixture = await prepare(config.DATABASE_URL, Number(args.citizens));
  const { people, drop, ...served } = fixture;
  const child = spawn(
    process.execPath,
    [...process.execArgv, __filename, '--serve', JSON.stringify(served)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    },
  );
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.once('data', (chunk: Buffer) =>
        resolve((JSON.parse(chunk.toString()) as { port: number }).port),
      );
      child.once('exit', (code) => reject(new Error(`the API process exited (${code})`)));
    });
    const base = `http://127.0.0.1:${port}`;
    const workloads = [
      {
        name: 'lookup',
        url: `${base}/api/v1/lookups`,
        token: department,
        bodies: people.map(({ idNumber }) =>
          JSON.stringify({ idNumber, matterCode: 'social-security-card' }),
        ),
      },
      {
        name: 'redeem',
        url: `${base}/api/v1/redeem`,
        token: thirdParty,
        bodies: people.map(({ grantId }) => JSON.stringify({ grantId, profile: 'id_card' })),
      },
    ];
    for (const w of workloads) {
      const check = await fetch(w.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${w.token}`, 'content-type': 'application/json' },
        body: w.bodies[0],
      });
      if (check.status !== 200) throw new Error(`${w.name} answers ${check.status}: ${await check.text()}`);
    }
    const rounds: { ceiling: Figures; figures: Figures[] }[] = [];
    for (let round = 0; round < 3; round++) {
      const ceiling = await load(`${base}/bench/ceiling`, undefined, workloads[0]!.bodies);
      const figures: Figures[] = [];
      for (const w of workloads) figures.push(await load(w.url, w.token, w.bodies));
      rounds.push({ ceiling, figures });
    }
    const line = (name: string, f: Figures) =>
      `${name} ${f.perSecond.toFixed(0).padStart(5)} req/s, p50 ${f.p50} ms, p99 ${f.p99} ms, failed ${f.failed}`;
    console.log(
      `lookup by ID number and redeem by grant over ${args.citizens} people, ${args.connections} connections, ${args.seconds} s per phase`,
    );
    for (const [i, r] of rounds.entries())
      console.log(
        `round ${i + 1}: ${line('ceiling', r.ceiling)}` +
          workloads
            .map((w, j) => {
              const f = r.figures[j]!;
              return ` | ${line(w.name, f)} (${((f.perSecond / r.ceiling.perSecond) * 100).toFixed(1)} %)`;
            })
            .join(''),
      );
    // Each round's phases run seconds apart: their ratio is the figure; the median of three rounds.
    const median = (values: number[]) => values.sort((a, b) => a - b)[1]!;
    for (const [j, w] of workloads.entries()) {
      const ratio = median(rounds.map((r) => r.figures[j]!.perSecond / r.ceiling.perSecond));
      const p99 = median(rounds.map((r) => r.figures[j]!.p99));
      console.log(
        `${w.name} / ceiling (median of rounds): ${(ratio * 100).toFixed(1)} % (target >= 40 %); ${w.name} p99 (median): ${p99} ms (target <= 50 ms)`,
      );
    }
  } finally {
    child.kill('SIGTERM');
    await drop();
  }
}

async function clientToken(clientId: string): Promise<string> {
  const token = await requestToken(
    { grant_type: 'client_credentials', client_id: clientId, client_secret: `tongpai-${clientId}-secret` },
    config.keycloakUrl,
  );
  if (!token.accessToken)
    throw new Error(`no token for ${clientId} at ${config.keycloakUrl}: ${token.error}`);
  return token.accessToken;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
