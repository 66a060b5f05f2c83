/**
 * The two networks (docs/networks.md) on the real engines: a police side (its database, blob store, API and
 * worker) and a government side (a database of its own from its own migrations, its own store, API and worker),
 * joined only by the exchange, each side's relay pushing its outbox to the other's POST /exchange/messages.
 * A photo the police side issues reaches the government side with its files; a grant made there reads it with
 * the police database unreachable, and the grant and its read then reach the police side's grant, access log
 * and audit trail; a citizen's revocation there reaches the police side too; a photo revoked on the police side
 * ends its grants there. Tampered and misdirected messages are refused; a message delivered twice is applied
 * once and answered the same. With the other side unreachable the messages wait in order, and the dashboard
 * and the metrics say so until they are delivered.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { caseAuditTrail } from '../db/audit';
import { outboxBacklog, type OutboxRow } from '../db/exchange';
import { migrateGovernment } from '../db/government/migrate';
import { createDb } from '../db/knex';
import { grantCreatedMessage, type NewGrantRow } from '../db/grants';
import { demoThirdParties, upsertThirdParties } from '../db/third-party-clients';
import type { DashboardFigures } from '../domain/dashboard-schemas';
import type { Grant } from '../domain/grants';
import { signedMessage, startRelay, type RelayDeps } from '../exchange/relay';
import { keyIdHeader, loadPeerKeys, signatureHeader } from '../exchange/signing';
import { certificateHolds } from '../signing/certificate';
import { generateSigningKey, loadKeyRing, loadVerifyingKeyRing, type KeyRing } from '../signing/keys';
import { testEngineEnv, testEnv } from '../stack/jest/test-env';
import { grantWorkflowId } from '../workflows/contracts';
import { apiCall, startApi } from './support/api';
import { createTestBlobs, type TestBlobs } from './support/blobs';
import { startCaptureService, type CaptureService } from './support/capture-service';
import { createTestDatabase, type TestDatabase } from './support/database';
import { citizens, grantBody, issuedCaseOf, thirdParties, thirdPartyToken } from './support/grants';
import { testKeys, testPersonHash } from './support/keys';
import {
  activityDeps,
  closeActivityDeps,
  connectClient,
  startWorker,
  uniqueTaskQueue,
  type RunningWorker,
} from './support/temporal';
import { tokenFor } from './support/tokens';

jest.setTimeout(400_000);

const maxBytes = 32 * 1024 * 1024;
const log = pino({ level: 'silent' });

/** Each side's exchange key ring, and the other side's public keys as its configuration folder holds them. */
function exchangeKeys(side: string): { ring: KeyRing; publicDir: string } {
  const root = fs.mkdtempSync(path.join(process.env[testEnv.root] ?? os.tmpdir(), `exchange-${side}-`));
  const privateDir = path.join(root, 'private');
  const publicDir = path.join(root, 'public');
  generateSigningKey(privateDir, `${side}-1`);
  const ring = loadKeyRing(privateDir);
  fs.mkdirSync(publicDir);
  for (const key of ring.publicKeys())
    fs.writeFileSync(path.join(publicDir, `${key.keyId}.pub`), key.publicKeyPem);
  return { ring, publicDir };
}

/** The police side's certificate keys as the government side holds them: their public halves only. */
function publicCertificateKeys(): KeyRing {
  const dir = fs.mkdtempSync(path.join(process.env[testEnv.root] ?? os.tmpdir(), 'certificate-keys-'));
  for (const key of testKeys().publicKeys())
    fs.writeFileSync(path.join(dir, `${key.keyId}.pub`), key.publicKeyPem);
  return loadVerifyingKeyRing(dir);
}

const policeKeys = exchangeKeys('police');
const governmentKeys = exchangeKeys('government');

let police: CaptureService;
let policeWorker: RunningWorker;
let government: {
  database: TestDatabase;
  blobs: TestBlobs;
  temporal: Awaited<ReturnType<typeof connectClient>>;
  api: Awaited<ReturnType<typeof startApi>>;
  worker: RunningWorker;
};
let relays: { stop(): Promise<void> }[] = [];
let caseId: string;

beforeAll(async () => {
  police = await startCaptureService('police', {
    network: 'police',
    exchange: { peerKeys: loadPeerKeys(governmentKeys.publicDir), maxBytes },
  });
  policeWorker = await startWorker(police.taskQueue, {
    ...(await activityDeps(police.database.db, police.testBlobs.blobs)),
    network: 'police',
  });

  // The government side: nothing of the police side's but its public keys (certificates, exchange).
  const database = await createTestDatabase(async (db) => {
    await migrateGovernment(db);
    await upsertThirdParties(db, demoThirdParties);
  });
  const blobs = await createTestBlobs();
  const temporal = await connectClient();
  const taskQueue = uniqueTaskQueue('government');
  const keys = publicCertificateKeys();
  const api = await startApi({
    keys,
    db: database.db,
    blobs: blobs.blobs,
    temporal: temporal.client,
    taskQueue,
    network: 'government',
    exchange: { peerKeys: loadPeerKeys(policeKeys.publicDir), maxBytes },
  });
  const worker = await startWorker(taskQueue, {
    ...(await activityDeps(database.db, blobs.blobs)),
    keys,
    network: 'government',
  });
  government = { database, blobs, temporal, api, worker };

  relays = [
    startRelay(policeRelay(), 200),
    startRelay(
      {
        db: government.database.db,
        blobs: government.blobs.blobs,
        sentBy: 'government',
        peerUrl: police.api.baseUrl,
        keys: governmentKeys.ring,
        log,
      },
      200,
    ),
  ];
  caseId = await issuedCaseOf(police.api.baseUrl, await tokenFor('op.sh.pudong'), citizens.a.idNumber);
});

afterAll(async () => {
  await Promise.all(relays.map((r) => r.stop()));
  await government?.worker.stop();
  await policeWorker?.stop();
  await closeActivityDeps();
  await government?.api.close();
  await government?.temporal.close();
  await government?.blobs.destroy();
  await government?.database.destroy();
  await police?.close();
});

const governmentDb = () => government.database.db;
const policeRelay = (): RelayDeps => ({
  db: police.database.db,
  blobs: police.testBlobs.blobs,
  sentBy: 'police',
  peerUrl: government.api.baseUrl,
  keys: policeKeys.ring,
  log,
});
const policeDb = () => police.database.db;

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const grantOn = (db: () => ReturnType<typeof governmentDb>, id: string) =>
  db()('grants').where({ id }).first<{ state: string; revoked_by: string | null } | undefined>();

/** The police database refuses every connection while `during` runs: the government side must not need it. */
async function withPoliceDatabaseDown<T>(during: () => Promise<T>): Promise<T> {
  const name = new URL(police.database.url).pathname.slice(1);
  const admin = createDb(testEngineEnv('databaseUrl'), { min: 0, max: 1 });
  try {
    await admin.raw(`alter database ${name} with allow_connections false`);
    await admin.raw('select pg_terminate_backend(pid) from pg_stat_activity where datname = ?', [name]);
    await expect(policeDb().raw('select 1')).rejects.toThrow();
    return await during();
  } finally {
    await admin.raw(`alter database ${name} with allow_connections true`);
    await admin.destroy();
  }
}

async function grantOnGovernment(citizen: string, fields: Record<string, unknown> = {}) {
  const created = await apiCall(
    government.api.baseUrl,
    'POST',
    '/api/v1/grants',
    citizen,
    grantBody(caseId, fields),
  );
  expect(created.status).toBe(201);
  return created.body as { grant: Grant; code: string };
}

const mirroredOnPolice = (grantId: string) =>
  until('the grant on the police side', () => grantOn(policeDb, grantId));

const redeemOnGovernment = async (code: string) =>
  apiCall(government.api.baseUrl, 'POST', '/api/v1/redeem', await thirdPartyToken(thirdParties.employer), {
    code,
    profile: 'id_card',
  });

test('an issued photo reaches the government side with its files, checked against its certificate', async () => {
  const issued: { profile_id: string; sha256: string }[] = await policeDb()('issued_photos')
    .where({ case_id: caseId })
    .orderBy('profile_id');
  const received = await until('the photo on the government side', async () => {
    const rows: { profile_id: string; sha256: string; state: string }[] = await governmentDb()(
      'issued_photos',
    )
      .where({ case_id: caseId })
      .orderBy('profile_id');
    return rows.length > 0 && rows;
  });
  expect(received.map((r) => [r.profile_id, r.sha256, r.state])).toEqual(
    issued.map((r) => [r.profile_id, r.sha256, 'issued']),
  );
  for (const { sha256 } of issued) expect(await government.blobs.blobs.has(sha256)).toBe(true);
  // Only the fields sharing needs crossed: no name, station, operator or capture, and no ID number (its hash).
  expect(await governmentDb()('cases').where({ id: caseId }).first()).toEqual({
    id: caseId,
    status: 'issued',
    id_number_hmac: testPersonHash()(citizens.a.idNumber),
    region_id: 'shanghai',
    issued_at: expect.any(Date),
  });
  expect(
    await policeDb()('exchange_outbox').where({ kind: 'photo.issued' }).whereNull('delivered_at'),
  ).toEqual([]);
});

test('a grant made on the government side reads the photo with the police database unreachable; the police side then records it', async () => {
  const citizen = await tokenFor(citizens.a.username);
  const { grantId, code } = await withPoliceDatabaseDown(async () => {
    const { grant, code } = await grantOnGovernment(citizen);
    const read = await redeemOnGovernment(code);
    expect(read.status).toBe(200);
    const photo = Buffer.from(read.body.photo.base64, 'base64');
    const sha256 = createHash('sha256').update(photo).digest('hex');
    expect(read.body).toMatchObject({
      grantId: grant.id,
      caseId,
      verification: { genuine: true, valid: true },
    });
    expect(certificateHolds(testKeys(), read.body.certificate, sha256)).toBe(true);
    // The police side could not take the grant's message yet: the relay keeps it and retries.
    await until('a refused push', async () =>
      governmentDb()('exchange_outbox')
        .where({ kind: 'grant.created' })
        .whereNull('delivered_at')
        .where('attempts', '>', 0)
        .first(),
    );
    return { grantId: grant.id, code };
  });
  expect(await governmentDb()('grant_reads').where({ grant_id: grantId })).toHaveLength(1);

  await mirroredOnPolice(grantId);
  // The read follows the grant: counted and logged on the police side too.
  const onPolice = await until('the read on the police side', async () => {
    const row = await policeDb()('grants').where({ id: grantId }).first<{ reads_used: number } | undefined>();
    return row?.reads_used === 1 && row;
  });
  // The police side keeps the grant, never its code.
  expect(JSON.stringify(onPolice)).not.toContain(code);
  expect(await policeDb()('grant_reads').where({ grant_id: grantId })).toEqual([
    expect.objectContaining({ client_id: thirdParties.employer.clientId, profile_id: 'id_card' }),
  ]);
  const audited = (await caseAuditTrail(policeDb(), caseId)).filter((e) => e.data.grantId === grantId);
  expect(audited.map((e) => [e.action, e.actor, e.data.via])).toEqual([
    ['grant.created', citizens.a.username, 'system:exchange'],
    ['grant.read', thirdParties.employer.clientId, 'system:exchange'],
  ]);
});

test("a citizen's revocation on the government side ends the grant there at once and on the police side", async () => {
  const citizen = await tokenFor(citizens.a.username);
  // Addressed to a third party registered on the government side only: the police side learns of it.
  const registered = {
    client_id: 'county-library',
    registered_name: '区图书馆（演示）',
    redeems_per_minute: null,
  };
  await upsertThirdParties(governmentDb(), [registered]);
  const { grant, code } = await grantOnGovernment(citizen, { clientId: registered.client_id });
  await mirroredOnPolice(grant.id);
  expect(
    await policeDb()('third_party_clients').where({ client_id: registered.client_id }).first(),
  ).toMatchObject({ registered_name: registered.registered_name });

  const revoked = await apiCall(
    government.api.baseUrl,
    'POST',
    `/api/v1/grants/${grant.id}/revocation`,
    citizen,
    {},
  );
  expect([revoked.status, revoked.body.state]).toEqual([200, 'revoked']);
  expect((await redeemOnGovernment(code)).body.code).toBe('grant_not_redeemable');

  const onPolice = await until('the revocation on the police side', async () => {
    const row = await grantOn(policeDb, grant.id);
    return row?.state === 'revoked' && row;
  });
  expect(onPolice.revoked_by).toBe(citizens.a.username);
  const audited = (await caseAuditTrail(policeDb(), caseId)).filter((e) => e.data.grantId === grant.id);
  expect(audited.map((e) => e.action)).toEqual(['grant.created', 'grant.revoked']);
});

test('a message delivered twice is applied once and answered the same; tampered and misdirected ones are refused', async () => {
  const row = await policeDb()<OutboxRow>('exchange_outbox').where({ kind: 'photo.issued' }).first();
  const sender = { blobs: police.testBlobs.blobs, sentBy: 'police' as const, keys: policeKeys.ring };
  const { body, headers } = await signedMessage(sender, row!);
  const post = async (bytes: Buffer, signedWith: Record<string, string> = headers) => {
    const res = await fetch(`${government.api.baseUrl}/exchange/messages`, {
      method: 'POST',
      headers: signedWith,
      body: bytes,
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  const again = await post(body);
  const once = await post(body);
  expect(again).toEqual({
    status: 200,
    body: { messageId: row!.message_id, kind: 'photo.issued', applied: true },
  });
  expect(once).toEqual(again);
  expect(await governmentDb()('exchange_inbox').where({ message_id: row!.message_id })).toHaveLength(1);
  const received = (await caseAuditTrail(governmentDb(), caseId)).filter(
    (e) => e.action === 'exchange.photo_received',
  );
  expect(received).toHaveLength(1);

  // One field changed after signing.
  const tampered = Buffer.from(
    body.toString('utf8').replace('"regionId":"shanghai"', '"regionId":"hangzhou"'),
  );
  const refused = await post(tampered);
  expect([refused.status, refused.body.code]).toEqual([401, 'exchange_signature_invalid']);
  // Signed by a key the government side does not know (its own).
  const stranger = {
    ...headers,
    [signatureHeader]: governmentKeys.ring.sign(body),
    [keyIdHeader]: 'government-1',
  };
  expect((await post(body, stranger)).status).toBe(401);
  // Signed by the police key but claiming to come from the government side.
  const envelope = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  const misdirected = Buffer.from(JSON.stringify({ ...envelope, sentBy: 'government' }));
  const answer = await post(misdirected, {
    ...headers,
    [signatureHeader]: policeKeys.ring.sign(misdirected),
  });
  expect([answer.status, answer.body.code]).toEqual([422, 'exchange_kind_misdirected']);
  expect(await governmentDb()('cases').where({ id: caseId })).toHaveLength(1);
});

test('a photo revoked on the police side ends its grants on the government side, and their workflows', async () => {
  const citizen = await tokenFor(citizens.a.username);
  const { grant, code } = await grantOnGovernment(citizen);
  await mirroredOnPolice(grant.id);

  const revoked = await apiCall(
    police.api.baseUrl,
    'POST',
    `/api/v1/cases/${caseId}/revocation`,
    await tokenFor('adm.sh'),
    { reasonCode: 'wrong_person' },
  );
  expect(revoked.status).toBe(200);
  expect(await grantOn(policeDb, grant.id)).toMatchObject({ state: 'revoked' });

  await until('the revocation on the government side', async () => {
    const row = await governmentDb()('cases').where({ id: caseId }).first<{ status: string }>();
    return row?.status === 'revoked';
  });
  expect(await grantOn(governmentDb, grant.id)).toMatchObject({ state: 'revoked', revoked_by: 'adm.sh' });
  expect(
    (await governmentDb()('issued_photos').where({ case_id: caseId })).map((p: { state: string }) => p.state),
  ).toEqual(expect.arrayContaining(['revoked']));
  expect((await redeemOnGovernment(code)).body.code).toBe('grant_not_redeemable');
  const outcome = await government.temporal.client.workflow.getHandle(grantWorkflowId(grant.id)).result();
  expect(outcome).toEqual({ grantId: grant.id, state: 'revoked' });
  // A photo no longer in force cannot be shared there any more.
  const refused = await apiCall(government.api.baseUrl, 'POST', '/api/v1/grants', citizen, grantBody(caseId));
  expect([refused.status, refused.body.code]).toEqual([409, 'photo_not_issued']);

  // A grant made there just before the revocation arrived reaches the police side after it: it ends there at
  // once, and the police audit trail says so, as for the photo's other grants.
  const late = { ...(await grantOn(policeDb, grant.id)) } as Record<string, unknown>;
  const lateId = randomUUID();
  const message: OutboxRow = {
    seq: '0',
    message_id: randomUUID(),
    kind: 'grant.created',
    payload: {
      ...grantCreatedMessage(
        { ...(late as unknown as NewGrantRow), id: lateId, code_hash: lateId, created_at: new Date() },
        null,
      ),
    },
    created_at: new Date(),
    delivered_at: null,
    attempts: 0,
    last_error: null,
  };
  const signed = await signedMessage(
    { blobs: government.blobs.blobs, sentBy: 'government', keys: governmentKeys.ring },
    message,
  );
  const delivered = await fetch(`${police.api.baseUrl}/exchange/messages`, {
    method: 'POST',
    headers: signed.headers,
    body: signed.body,
  });
  expect(delivered.status).toBe(200);
  expect(await grantOn(policeDb, lateId)).toMatchObject({ state: 'revoked' });
  const lateTrail = (await caseAuditTrail(policeDb(), caseId)).filter(
    (e) => (e.data as { grantId?: string }).grantId === lateId,
  );
  expect(lateTrail.map((e) => e.action)).toEqual(['grant.created', 'grant.revoked']);
});

test('the other network unreachable: the exchange waits in order, says so on the dashboard and in the metrics, and drains once it is back', async () => {
  await relays[0]!.stop();
  const operator = await tokenFor('op.sh.pudong');
  const second = await issuedCaseOf(police.api.baseUrl, operator, citizens.b.idNumber);

  // Nothing listens on the port the relay is given.
  const unreachable = startRelay({ ...policeRelay(), peerUrl: 'http://127.0.0.1:9' }, 50);
  await until('three failed pushes', async () => (await outboxBacklog(policeDb())).headAttempts >= 3);
  // Stopped, with the push under way finished: what the outbox holds from now on.
  await unreachable.stop();
  const held = await outboxBacklog(policeDb());
  expect(held.pending).toBeGreaterThanOrEqual(1);
  expect(held.headError).toMatch(/fetch failed/);

  const admin = await tokenFor('adm.province');
  const stalledOn = async () => {
    const res = await apiCall(police.api.baseUrl, 'GET', '/api/v1/dashboard', admin);
    expect(res.status).toBe(200);
    return (res.body as DashboardFigures).anomalies.filter((a) => a.kind === 'exchange_stalled');
  };
  expect(await stalledOn()).toEqual([
    {
      kind: 'exchange_stalled',
      pending: held.pending,
      oldestSince: held.oldestCreatedAt!.toISOString(),
      attempts: held.headAttempts,
      lastError: held.headError,
    },
  ]);
  const metric = async (name: string) => {
    const text = await (await fetch(`${police.api.baseUrl}/metrics`)).text();
    return Number(new RegExp(`^${name}\\{service="api"\\} (\\S+)$`, 'm').exec(text)?.[1]);
  };
  expect(await metric('tongpai_exchange_outbox_head_failed_pushes')).toBe(held.headAttempts);
  expect(await metric('tongpai_exchange_outbox_pending_messages')).toBe(held.pending);
  expect(await metric('tongpai_exchange_outbox_oldest_seconds')).toBeGreaterThan(0);
  // The government side's own outbox is empty, and its API says so too.
  const governmentMetrics = await (await fetch(`${government.api.baseUrl}/metrics`)).text();
  expect(governmentMetrics).toMatch(/^tongpai_exchange_outbox_pending_messages\{service="api"\} 0$/m);

  // Back: the held messages go, oldest first, and the photo arrives.
  relays[0] = startRelay(policeRelay(), 200);
  await until('the second photo on the government side', async () =>
    governmentDb()('cases').where({ id: second }).first(),
  );
  await until('the outbox drained', async () => (await outboxBacklog(policeDb())).pending === 0);
  expect(await stalledOn()).toEqual([]);
  expect(await metric('tongpai_exchange_outbox_head_failed_pushes')).toBe(0);
});
