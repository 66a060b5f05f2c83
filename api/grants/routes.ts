/**
 * Grants: a citizen authorises a third party to read one of their issued photos (or an administrator does, on
 * the citizen's behalf, audited as such), lists and revokes them, and reads their access log. Administrators
 * list every grant of their region, filtered, and revoke with a reason. Each grant runs as `grant-<grantId>`.
 */
import { randomUUID } from 'node:crypto';
import QRCode from 'qrcode';
import { z } from 'zod';
import { appendAuditEvent } from '../../db/audit';
import { findCase } from '../../db/cases';
import { personHashOf, type PersonCipher } from '../../db/person-cipher';
import { accessLogOf } from '../../db/access-log';
import { enqueueMessage } from '../../db/exchange';
import {
  findGrant,
  grantColumns,
  grantCreatedMessage,
  insertGrant,
  listGrants,
  toGrant,
} from '../../db/grants';
import { listIssuedPhotos } from '../../db/issued-photos';
import { findThirdParty } from '../../db/third-party-clients';
import { tag } from '../../domain/ability';
import { generateGrantCode, hashGrantCode } from '../../domain/grant-code';
import { accessLogEntrySchema, createdGrantSchema, grantSchema } from '../../domain/grants';
import type { grant } from '../../workflows';
import { grantWorkflowId, type GrantInput } from '../../workflows/contracts';
import { CaseIdAttribute } from '../../workflows/search-attributes';
import { accessScope } from '../auth/access-filter';
import { caller } from '../auth/middleware';
import { defineRoute, json, type Route } from '../contract';
import { listQueryFor, listQueryMessages, parseListParams, sendPage } from '../list-params';
import { HttpProblem, invalidRequest, notFound, serviceUnavailable } from '../problems';
import { grantOptionsRoute } from './options';
import { isOwner, readableGrant, type GrantDeps } from './readable-grant';
import { revokeGrantRoute } from './revocation';
import {
  createGrantBody,
  createGrantMessages,
  grantFilter,
  grantParams,
  type CreateGrantBody,
} from './schemas';

const photoNotFound = notFound({ zh: '该证件照', en: 'Photo' });
const notIssued = new HttpProblem(409, 'photo_not_issued', {
  zh: '只有在用的已签发证件照可以授权给第三方',
  en: 'Only an issued photo in force can be shared',
});
const field = (name: string, zh: string, en: string) =>
  invalidRequest([{ field: name, messages: { zh, en } }]);

export function grantRoutes(deps: GrantDeps & { personCipher: PersonCipher }): Route[] {
  const { db, grants: settings, personCipher } = deps;
  const common = { tags: ['grants'] } as const;
  return [
    defineRoute({
      ...common,
      method: 'post',
      path: '/grants',
      summary:
        'Authorise a third party to read one of your issued photos; answers the code once, with its QR',
      description:
        "A citizen shares their own photos (linked by their account's verified ID number); an administrator may " +
        "create a grant on a citizen's behalf (recorded as such). Only the code's keyed hash is kept.",
      permission: ['create', 'Grant'],
      body: createGrantBody,
      fieldMessages: createGrantMessages,
      responses: { 201: json(createdGrantSchema, 'the grant and its code (shown this once)') },
      problems: [404, 409, 503],
      handler: async ({ body }, req, res) => {
        const { principal, ability } = caller(req);
        const photoCase = await findCase(db, body.caseId);
        const ownerHash = photoCase && personHashOf(photoCase, personCipher);
        const grantable =
          photoCase &&
          ability.can('create', tag('Grant', { regionId: photoCase.region_id, ownerPersonHash: ownerHash }));
        if (!photoCase || !ownerHash || !grantable) throw photoNotFound;
        if (photoCase.status !== 'issued') throw notIssued;
        const thirdParty = await checkCreation(body, photoCase.id);
        const code = generateGrantCode();
        const id = randomUUID();
        const at = new Date();
        const onBehalf = !isOwner(caller(req), ownerHash);
        const row = {
          id,
          case_id: photoCase.id,
          region_id: photoCase.region_id,
          owner_id_number_hmac: ownerHash,
          profiles: body.profiles,
          purpose: body.purpose,
          purpose_text: body.purposeText ?? null,
          expires_at: new Date(body.expiresAt),
          max_reads: body.maxReads,
          client_id: body.clientId ?? null,
          code_hash: hashGrantCode(settings.codeKey, code),
          created_at: at,
          created_by: principal.username,
          on_behalf: onBehalf,
        };
        await db.transaction(async (trx) => {
          await insertGrant(trx, row);
          await enqueueMessage(
            trx,
            deps.network,
            'grant.created',
            grantCreatedMessage(row, thirdParty?.registered_name ?? null),
          );
          await startGrantWorkflow(id, photoCase.id, new Date(body.expiresAt).getTime() - at.getTime());
          await appendAuditEvent(trx, {
            at,
            caseId: photoCase.id,
            actor: principal.username,
            action: 'grant.created',
            data: {
              grantId: id,
              profiles: body.profiles,
              purpose: body.purpose,
              purposeText: body.purposeText ?? null,
              expiresAt: body.expiresAt,
              maxReads: body.maxReads,
              clientId: body.clientId ?? null,
              onBehalf,
            },
          });
        });
        const qrSvg = await QRCode.toString(code, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
        res.status(201).json({ grant: toGrant((await findGrant(db, id))!), code, qrSvg });
      },
    }),
    defineRoute({
      ...common,
      method: 'get',
      path: '/grants',
      summary: "Grants the caller may see: a citizen's own; an administrator's region's (filterable)",
      description:
        'Filter (JSON): state, purpose, clientId (the third party), createdFrom / createdTo (date-times). Sort by ' +
        'createdAt, expiresAt or state.',
      permission: ['read', 'Grant'],
      query: listQueryFor(grantFilter),
      fieldMessages: listQueryMessages,
      responses: { 200: json(z.array(grantSchema), 'a page; Content-Range: grants <start>-<end>/<total>') },
      handler: async ({ query }, req, res) => {
        const params = parseListParams(query, {
          sortable: ['createdAt', 'expiresAt', 'state'],
          defaultSort: ['createdAt', 'DESC'],
          filter: grantFilter,
        });
        const { rows, total } = await listGrants(db, {
          scope: accessScope(caller(req).ability, 'read', 'Grant', grantColumns),
          ...params,
        });
        sendPage(res, 'grants', params.offset, rows.map(toGrant), total);
      },
    }),
    defineRoute({
      ...common,
      method: 'get',
      path: '/grants/:id',
      summary: 'One grant (404 also when it is not yours to see)',
      permission: ['read', 'Grant'],
      params: grantParams,
      responses: { 200: json(grantSchema, 'the grant') },
      problems: [404],
      handler: async (_input, req, res) => void res.json(toGrant(await readableGrant(db, req))),
    }),
    revokeGrantRoute(deps),
    grantOptionsRoute(deps),
    defineRoute({
      ...common,
      method: 'get',
      path: '/my/access-log',
      summary:
        'Your access log: every read of your photos, by a third party you authorised (kind grant) or a ' +
        'department on its approved application (kind lookup), newest first',
      permission: ['read', 'Grant'],
      query: listQueryFor(z.object({})).pick({ range: true }),
      fieldMessages: listQueryMessages,
      responses: {
        200: json(z.array(accessLogEntrySchema), 'a page; Content-Range: reads <start>-<end>/<total>'),
      },
      handler: async ({ query }, req, res) => {
        const { personHash } = caller(req);
        const { offset, limit } = parseListParams(query, {
          sortable: ['at'],
          defaultSort: ['at', 'DESC'],
          filter: z.object({}),
        });
        // Only a citizen has a log: others' accounts hold no ID number, so they see an empty one.
        const { rows, total } = personHash
          ? await accessLogOf(db, personHash, { offset, limit })
          : { rows: [], total: 0 };
        sendPage(res, 'reads', offset, rows, total);
      },
    }),
  ];

  /**
   * What the schema cannot say: the configured purposes and limits, the photo's issued profiles, the client.
   * Answers the third party the grant is addressed to, if any.
   */
  async function checkCreation(body: CreateGrantBody, caseId: string) {
    if (!settings.purposes.includes(body.purpose))
      throw field('purpose', '此用途未开放授权', `purpose ${body.purpose} is not offered`);
    if (body.purpose === 'other' && !body.purposeText)
      throw field('purposeText', '用途为"其他"时请说明用途', 'Say what the purpose is when it is other');
    const expiresInMs = Date.parse(body.expiresAt) - Date.now();
    if (expiresInMs <= 0 || expiresInMs > settings.maxExpirySeconds * 1000)
      throw field(
        'expiresAt',
        `有效期须在将来，且不超过 ${Math.round(settings.maxExpirySeconds / 86400)} 天`,
        `expiresAt must be in the future and at most ${Math.round(settings.maxExpirySeconds / 86400)} days ahead`,
      );
    if (body.maxReads > settings.maxReads)
      throw field(
        'maxReads',
        `读取次数最多 ${settings.maxReads} 次`,
        `maxReads is at most ${settings.maxReads}`,
      );
    const issued = (await listIssuedPhotos(db, caseId)).filter((p) => p.state === 'issued');
    const missing = body.profiles.filter((p) => !issued.some((i) => i.profile_id === p));
    if (missing.length)
      throw field(
        'profiles',
        `没有这些已签发的规格：${missing.join('、')}`,
        `Not issued: ${missing.join(', ')}`,
      );
    const thirdParty = body.clientId ? await findThirdParty(db, body.clientId) : undefined;
    if (body.clientId && !thirdParty?.enabled)
      throw field('clientId', '没有这个已登记的第三方', 'No registered third party has this client id');
    return thirdParty;
  }

  async function startGrantWorkflow(grantId: string, caseId: string, expiresAfterMs: number) {
    try {
      await deps.temporal.workflow.start<typeof grant>('grant', {
        workflowId: grantWorkflowId(grantId),
        taskQueue: deps.taskQueue,
        args: [{ grantId, expiresAfterMs } satisfies GrantInput],
        typedSearchAttributes: [{ key: CaseIdAttribute, value: caseId }],
      });
    } catch (err) {
      throw Object.assign(serviceUnavailable({ zh: '流程引擎', en: 'The workflow engine' }), { cause: err });
    }
  }
}
