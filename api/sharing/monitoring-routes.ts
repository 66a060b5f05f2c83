/**
 * Interface-call monitoring for administrators: every external client with today's calls, errors, latency and
 * quota use (from interface_calls), and the suspension of an organisation's client, effective on its next call.
 */
import type { Knex } from 'knex';
import { z } from 'zod';
import { clientDays } from '../../db/interface-calls';
import { setClientSuspended } from '../../db/sharing-catalogue';
import { chinaMidnight } from '../../domain/china-day';
import { interfaceClientSchema, reasonInput, type InterfaceClient } from '../../domain/sharing';
import { caller } from '../auth/middleware';
import { defineRoute, json, type Route } from '../contract';
import { idListQuery, listQueryMessages, sendNamedRows } from '../list-params';
import { auditedChange } from './audited-change';
import { HttpProblem, notFound } from '../problems';

interface RegisteredRow {
  client_id: string;
  organisation_id: string;
  organisation_name: string;
  suspended_at: Date | null;
  suspension_reason: string | null;
  daily_quota: number | null;
}

export async function interfaceClients(db: Knex, now = Date.now()): Promise<InterfaceClient[]> {
  const registered: RegisteredRow[] = await db('organisation_clients as c')
    .join('organisations as o', 'o.id', 'c.organisation_id')
    .select(
      'c.client_id',
      'c.organisation_id',
      'o.name as organisation_name',
      'c.suspended_at',
      'c.suspension_reason',
      db.raw(
        `(select max(a.daily_quota) from sharing_applications a
           where a.organisation_id = c.organisation_id and a.status = 'active' and a.valid_until > now()) as daily_quota`,
      ),
    );
  const days = new Map((await clientDays(db, chinaMidnight(now))).map((d) => [d.client_id, d]));
  const ids = [...new Set([...registered.map((r) => r.client_id), ...days.keys()])].sort();
  return ids.map((id) => {
    const reg = registered.find((r) => r.client_id === id);
    const day = days.get(id);
    const quota = reg?.daily_quota ?? null;
    return {
      id,
      kind: reg ? 'organisation' : (day?.client_kind ?? 'organisation'),
      organisationId: reg?.organisation_id ?? null,
      organisationName: reg?.organisation_name ?? null,
      suspended: Boolean(reg?.suspended_at),
      suspendedAt: reg?.suspended_at?.toISOString() ?? null,
      suspensionReason: reg?.suspension_reason ?? null,
      callsToday: day?.calls ?? 0,
      errorsToday: day?.errors ?? 0,
      dailyQuota: quota,
      quotaUsed: quota ? Math.round(((day?.metered ?? 0) / quota) * 1000) / 1000 : null,
      averageLatencyMs: day?.calls ? Math.round((day.latency_sum / day.calls) * 10) / 10 : null,
      maxLatencyMs: day?.latency_max ?? null,
      lastCallAt: day?.last_minute?.toISOString() ?? null,
    };
  });
}

export function monitoringRoutes({ db }: { db: Knex }): Route[] {
  const suspensionRoute = (suspended: boolean) =>
    defineRoute({
      tags: ['sharing'],
      method: 'post',
      path: `/interface-clients/:id/${suspended ? 'suspend' : 'reinstate'}`,
      summary: suspended
        ? "Suspend an organisation's client at once: its next call is refused (403 client_suspended)"
        : 'Reinstate a suspended client',
      description: 'Audited. 409 when it already is so.',
      permission: ['manage', 'InterfaceClient'],
      params: z.object({ id: z.string().min(1).max(100) }),
      body: reasonInput,
      fieldMessages: {
        reason: { zh: '请填写原因（1至500个字符）', en: 'Give a reason (1 to 500 characters)' },
      },
      responses: { 200: json(interfaceClientSchema, 'the client after the change') },
      problems: [404, 409],
      handler: async ({ params, body }, req, res) => {
        const { username } = caller(req).principal;
        const exists = await db('organisation_clients').where({ client_id: params.id }).first('client_id');
        if (!exists) throw notFound({ zh: '机构客户端', en: "The organisation's client" });
        const audit = {
          action: suspended ? 'client.suspended' : 'client.reinstated',
          data: { clientId: params.id, reason: body.reason },
        };
        const changed = await auditedChange(db, req, audit, (trx) =>
          setClientSuspended(trx, params.id, { suspended, by: username, reason: body.reason }),
        );
        if (!changed)
          throw new HttpProblem(
            409,
            suspended ? 'already_suspended' : 'not_suspended',
            suspended
              ? { zh: '该客户端已暂停', en: 'The client is suspended already' }
              : { zh: '该客户端未暂停', en: 'The client is not suspended' },
          );
        res.json((await interfaceClients(db)).find((c) => c.id === params.id));
      },
    });

  return [
    defineRoute({
      tags: ['sharing'],
      method: 'get',
      path: '/interface-clients',
      summary: "Every external client's calls today (China time): count, errors, latency, quota use",
      permission: ['read', 'InterfaceClient'],
      query: idListQuery,
      fieldMessages: listQueryMessages,
      responses: { 200: json(z.array(interfaceClientSchema), 'clients, by id') },
      handler: async ({ query }, _req, res) => {
        sendNamedRows(res, 'interface-clients', query, await interfaceClients(db));
      },
    }),
    suspensionRoute(true),
    suspensionRoute(false),
  ];
}
