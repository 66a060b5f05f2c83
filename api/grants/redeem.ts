/**
 * `POST /redeem`: a registered third party (client credentials) reads a granted photo by the citizen's code, or
 * by the id of a grant addressed to it, and gets the JPEG and its certificate. The read is counted by one
 * guarded statement (db/grants.ts countRead) and logged (grant_reads, the case's audit chain) in the same
 * transaction. A wrong, expired, used-up or revoked code is answered alike, after the same work (the hash and
 * that one statement), so the answer tells nothing about which; a mistyped code is caught by its check symbol
 * before any lookup. Rate-limited per client and per address (429 with Retry-After); every call is metered in
 * interface_calls as the departments' are.
 */
import type { Request } from 'express';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { z } from 'zod';
import { appendAuditEvent } from '../../db/audit';
import type { BlobStore } from '../../db/blob-store';
import { enqueueMessage } from '../../db/exchange';
import { countRead, insertGrantRead, type CountedRead, type GrantAddress } from '../../db/grants';
import type { NetworkRole } from '../../domain/network';
import { findThirdParty, type ThirdPartyClientRow } from '../../db/third-party-clients';
import { hashGrantCode, parseGrantCode } from '../../domain/grant-code';
import { grantPurposes } from '../../domain/grants';
import { certificateHolds } from '../../signing/certificate';
import type { KeyRing } from '../../signing/keys';
import { caller } from '../auth/middleware';
import { defineRoute, json, type Route } from '../contract';
import { certificateSchema } from '../review/schemas';
import { HttpProblem } from '../problems';
import { meterCalls } from '../sharing/metering';
import { createRateLimiter } from './rate-limit';
import { redeemBody } from './schemas';
import type { GrantSettings } from './settings';

export const redemptionSchema = z
  .strictObject({
    grantId: z.uuid(),
    caseId: z.uuid(),
    profileId: z.string(),
    purpose: z.enum(grantPurposes),
    readsLeft: z.number().int().min(0),
    photo: z.strictObject({
      mediaType: z.literal('image/jpeg'),
      sha256: z.string(),
      base64: z.string().describe('The issued JPEG, byte for byte'),
    }),
    certificate: certificateSchema,
    verification: z
      .strictObject({
        genuine: z.boolean().describe('The certificate holds for these bytes'),
        valid: z.boolean().describe('Still in force (not superseded or revoked)'),
      })
      .describe('What POST /api/v1/verify would answer for these bytes'),
  })
  .meta({ id: 'RedeemedPhoto' });

/** The one answer for every code or grant that cannot be read, whatever the reason. */
export const notRedeemable = new HttpProblem(404, 'grant_not_redeemable', {
  zh: '授权码或授权无效：可能有误、已过期、次数已用完或已被撤销',
  en: 'The code or grant cannot be redeemed: wrong, expired, used up or revoked',
});
const mistyped = new HttpProblem(400, 'code_mistyped', {
  zh: '授权码有输入错误（校验位不符），请核对后重新输入',
  en: 'The code has a typing error (its check character does not match): check it and type it again',
});
const malformed = new HttpProblem(400, 'code_malformed', {
  zh: '授权码格式不对：应为 12 个字符加 1 位校验位，如 7KQ2-M9XD-R4TB-5',
  en: 'This is not an authorisation code: 12 characters and a check character, like 7KQ2-M9XD-R4TB-5',
});
const notRegistered = new HttpProblem(403, 'third_party_not_registered', {
  zh: '该第三方未登记或已停用',
  en: 'This third party is not registered or is disabled',
});
const tooMany = (retryAfterSeconds: number) =>
  Object.assign(
    new HttpProblem(429, 'rate_limited', {
      zh: '请求过于频繁，请稍后重试',
      en: 'Too many requests: retry after the time in Retry-After',
    }),
    { headers: { 'Retry-After': String(retryAfterSeconds) } },
  );

/** Registered clients change rarely: looked up once per this long (a disabling counts at once: db/grants.ts countRead). */
const clientCacheMs = 30_000;

export function redeemRoutes({
  db,
  log,
  blobs,
  keys,
  grants: settings,
  network,
}: {
  db: Knex;
  log: Logger;
  blobs: BlobStore;
  keys: KeyRing;
  grants: GrantSettings;
  network?: NetworkRole;
}): Route[] {
  const limiter = createRateLimiter();
  const clients = new Map<string, { row: ThirdPartyClientRow | undefined; until: number }>();
  const registered = async (clientId: string) => {
    const cached = clients.get(clientId);
    if (cached && cached.until > Date.now()) return cached.row;
    const row = await findThirdParty(db, clientId);
    clients.set(clientId, { row, until: Date.now() + clientCacheMs });
    return row;
  };

  function limit(req: Request, client: ThirdPartyClientRow) {
    for (const [key, perMinute] of [
      [`client:${client.client_id}`, client.redeems_per_minute ?? settings.redeemsPerMinute.perClient],
      [`address:${req.ip}`, settings.redeemsPerMinute.perAddress],
    ] as const) {
      const taken = limiter.take(key, perMinute);
      if (!taken.ok) throw tooMany(taken.retryAfterSeconds);
    }
  }

  return [
    defineRoute({
      tags: ['grants'],
      method: 'post',
      path: '/redeem',
      summary:
        "Read a citizen's granted photo: the JPEG and its certificate (third parties, client credentials)",
      description:
        '`{code, profile}` with the code the citizen gave (case, hyphens and spaces do not matter), or ' +
        '`{grantId, profile}` for a grant addressed to the calling client. Each read is counted and shown in the ' +
        "citizen's access log. 400 code_mistyped when the check character does not match, code_malformed when it " +
        'is no code at all (nothing is looked up either way); 403 third_party_not_registered for a client not ' +
        'registered or disabled; 404 grant_not_redeemable for every code or grant that cannot be read, whatever the reason; 429 ' +
        'rate_limited with Retry-After (per client and per network address, counted in each API process).',
      permission: ['redeem', 'Grant'],
      // Counted with the departments' calls (interface_calls): the monitoring page and the dashboard read both.
      before: [meterCalls({ db, log }, 'redeem', 'third_party')],
      body: redeemBody,
      fieldMessages: {
        body: { zh: '请提供 code 或 grantId，以及 profile', en: 'Give code or grantId, and profile' },
      },
      responses: { 200: json(redemptionSchema, 'the photo, its certificate and whether it verifies') },
      problems: [404, 429],
      handler: async ({ body }, req, res) => {
        const clientId = caller(req).principal.clientId ?? '';
        const client = await registered(clientId);
        if (!client?.enabled) throw notRegistered;
        limit(req, client);
        let address: GrantAddress;
        if ('code' in body) {
          const parsed = parseGrantCode(body.code);
          if (!parsed.ok) throw parsed.problem === 'check' ? mistyped : malformed;
          address = { codeHash: hashGrantCode(settings.codeKey, parsed.code) };
        } else address = { grantId: body.grantId };

        const at = new Date();
        const read = await db.transaction(async (trx) => {
          const counted = await countRead(trx, address, { clientId, profileId: body.profile });
          if (!counted) throw notRedeemable;
          await enqueueMessage(trx, network, 'grant.read', {
            grantId: counted.grant.id,
            at: at.toISOString(),
            clientId: client.client_id,
            registeredName: client.registered_name,
            profileId: counted.certificate.profileId,
            readsUsed: counted.grant.reads_used,
          });
          await logRead(trx, counted, client, { at, readBy: caller(req).principal.username });
          return counted;
        });
        const photo = await blobs.get(read.sha256);
        res.json({
          grantId: read.grant.id,
          caseId: read.grant.case_id,
          profileId: body.profile,
          purpose: read.grant.purpose,
          readsLeft: read.grant.state === 'active' ? read.grant.max_reads - read.grant.reads_used : 0,
          photo: { mediaType: 'image/jpeg', sha256: read.sha256, base64: photo.toString('base64') },
          certificate: read.certificate,
          verification: {
            genuine: certificateHolds(keys, read.certificate, read.sha256),
            valid: read.photoState === 'issued',
          },
        });
      },
    }),
  ];
}

/** `readBy`: the account that read, the client's own or a person acting for it (the third-party page). */
async function logRead(
  trx: Knex.Transaction,
  read: CountedRead,
  client: ThirdPartyClientRow,
  { at, readBy }: { at: Date; readBy: string },
) {
  const { grant } = read;
  const profileId = read.certificate.profileId;
  await appendAuditEvent(trx, {
    at,
    caseId: grant.case_id,
    actor: client.client_id,
    action: 'grant.read',
    data: {
      grantId: grant.id,
      profileId,
      purpose: grant.purpose,
      registeredName: client.registered_name,
      readsUsed: grant.reads_used,
      readBy,
    },
  });
  // Last: its insert moves the dashboard's read counter (one row per client and day, migration 0019), whose
  // lock is then held only until the commit, not across the audit append.
  await insertGrantRead(trx, {
    grantId: grant.id,
    clientId: client.client_id,
    registeredName: client.registered_name,
    profileId,
    purpose: grant.purpose,
    at,
  });
}
