/**
 * A photo's whole history (and its signed export) and the search across the audit trail, for auditors and
 * administrators. Every one of these reads is itself an audit entry: a history read or export on the case's
 * own chain, a search on the system chain (with the person's keyed hash, never their ID number).
 */
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import { z } from 'zod';
import { decodeCursor, encodeCursor, searchAuditTrail, type FoundAuditRow } from '../../db/audit-search';
import { caseColumns } from '../../db/cases';
import type { PersonCipher } from '../../db/person-cipher';
import { auditEntryContext } from '../../domain/audit-entry';
import {
  auditSearchPageSchema,
  photoHistorySchema,
  signedHistorySchema,
  type AuditSearchEntry,
} from '../../domain/schemas';
import type { KeyRing } from '../../signing/keys';
import { signHistory } from '../../signing/signed-history';
import { accessScope } from '../auth/access-filter';
import { caller } from '../auth/middleware';
import { binary, defineRoute, json, type Route } from '../contract';
import { invalidRequest } from '../problems';
import { bilingual } from '../validation';
import { caseParams, readableCase } from '../cases/readable-case';
import { photoHistory } from './history';
import { historyPdf } from './history-pdf';
import { recordAuditRead } from './record-read';

export interface HistoryRouteDeps {
  db: Knex;
  temporal: Client;
  keys: KeyRing;
  personCipher: PersonCipher;
}

const searchFields = z.strictObject({
  idNumber: z.string().trim().min(1).max(32).optional(),
  actor: z.string().min(1).max(200).optional(),
  action: z.string().min(1).max(100).optional(),
  stationId: z.string().min(1).max(100).optional(),
  client: z.string().min(1).max(200).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});
// [from, to) holds nothing when it ends before it starts: refused, not answered as a trail with no entries.
const searchBody = searchFields.refine(({ from, to }) => !from || !to || Date.parse(from) < Date.parse(to), {
  path: ['to'],
  message: bilingual({ zh: '结束时间应晚于开始时间', en: 'to must be later than from' }),
});

const searchMessages = {
  from: { zh: '开始时间应为 ISO 8601 时间', en: 'from must be an ISO 8601 date-time' },
  to: { zh: '结束时间应为 ISO 8601 时间', en: 'to must be an ISO 8601 date-time' },
  limit: { zh: '每页条数应为 1 到 200 的整数', en: 'limit must be a whole number from 1 to 200' },
  cursor: {
    zh: '翻页标记无效，请从第一页重新查询',
    en: 'cursor is invalid: search again from the first page',
  },
};

const exportQuery = z.object({ format: z.enum(['json', 'pdf']).default('json') });

function toSearchEntry(row: FoundAuditRow): AuditSearchEntry {
  const { role, network, client, reason, details } = auditEntryContext(row.actor, row.data);
  return {
    id: String(row.id),
    at: row.at.toISOString(),
    caseId: row.case_id,
    stationId: row.station_id,
    actor: row.actor,
    role,
    network,
    client,
    action: row.action,
    reason,
    data: details,
  };
}

export function historyRoutes({ db, temporal, keys, personCipher }: HistoryRouteDeps): Route[] {
  const common = { tags: ['audit'], permission: ['read', 'AuditTrail'] } as const;

  return [
    defineRoute({
      ...common,
      method: 'get',
      path: '/cases/:id/history',
      summary: "A photo's whole history: audit entries and workflow histories, in time order (audited)",
      description:
        "Capture, each processing attempt, routing, claims, decisions, issuance, certificates, each upstream delivery and recall, revocation and every recorded read, with the actor, role, network and reason of each entry. The read itself is recorded first (audit.history_read), so it is the history's newest entry.",
      params: caseParams,
      responses: { 200: json(photoHistorySchema, 'the history, oldest first') },
      problems: [404, 503],
      handler: async (_input, req, res) => {
        const row = await readableCase(db, req);
        await recordAuditRead(db, req, row.id, 'audit.history_read');
        res.json(await photoHistory({ db, temporal }, row, caller(req).principal.username));
      },
    }),
    defineRoute({
      ...common,
      method: 'get',
      path: '/cases/:id/history/export',
      summary: "A photo's whole history for a case file, signed: JSON or PDF (audited)",
      description:
        'JSON: the history as `document` (its exact text) with a detached Ed25519 signature over it; check it with `tongpai-audit verify-export <file>` or openssl against GET /api/v1/certification/keys (docs/audit.md). PDF: the same history as a table, with the signed JSON attached.',
      params: caseParams,
      query: exportQuery,
      fieldMessages: { format: { zh: '格式只能是 json 或 pdf', en: 'format must be json or pdf' } },
      responses: {
        200: {
          ...binary('the signed history (JSON) or the case-file PDF', 'application/json', 'application/pdf'),
          schema: signedHistorySchema,
        },
      },
      problems: [404, 503],
      handler: async ({ query }, req, res) => {
        const row = await readableCase(db, req);
        await recordAuditRead(db, req, row.id, 'audit.history_exported', { format: query.format });
        const history = await photoHistory({ db, temporal }, row, caller(req).principal.username);
        const signed = signHistory(keys, history);
        res.attachment(`photo-history-${row.id}.${query.format === 'pdf' ? 'pdf' : 'signed.json'}`);
        if (query.format === 'json') return void res.json(signed);
        res.type('application/pdf').send(await historyPdf(history, signed));
      },
    }),
    defineRoute({
      ...common,
      method: 'post',
      path: '/audit/searches',
      summary: 'Search the audit trail, newest first, a page at a time (the search is audited)',
      description:
        "Filters combine: the person (their ID number, matched through its keyed hash), actor, action, station, client application and time range [from, to). A POST, so that an ID number never stands in a URL or a log; it changes nothing but the trail's own record of the search (audit.searched). Pass `nextCursor` back as `cursor` for the next page. Entries of cases outside the caller's reach are left out.",
      body: searchBody,
      fieldMessages: searchMessages,
      responses: { 200: json(auditSearchPageSchema, 'a page of entries') },
      handler: async ({ body }, req, res) => {
        const after = body.cursor === undefined ? undefined : decodeCursor(body.cursor);
        if (body.cursor !== undefined && !after)
          throw invalidRequest([{ field: 'cursor', messages: searchMessages.cursor }]);
        const { idNumber, cursor: _cursor, limit, from, to, ...rest } = body;
        const filter = {
          ...rest,
          ...(idNumber ? { personHash: personCipher.hash(idNumber) } : {}),
          ...(from ? { from: new Date(from) } : {}),
          ...(to ? { to: new Date(to) } : {}),
        };
        const { rows, next } = await searchAuditTrail(db, {
          filter,
          caseScope: accessScope(caller(req).ability, 'read', 'Case', caseColumns),
          ...(caller(req).principal.regionId ? { readerRegion: caller(req).principal.regionId } : {}),
          ...(after ? { after } : {}),
          limit,
        });
        await recordAuditRead(db, req, null, 'audit.searched', {
          filter: {
            ...rest,
            ...(from ? { from } : {}),
            ...(to ? { to } : {}),
            ...(filter.personHash ? { personHash: filter.personHash } : {}),
          },
          page: body.cursor ? 'next' : 'first',
          found: rows.length,
        });
        res.setHeader('Cache-Control', 'no-store');
        res.json({ entries: rows.map(toSearchEntry), nextCursor: next ? encodeCursor(next) : null });
      },
    }),
  ];
}
