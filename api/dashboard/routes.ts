/**
 * The dashboard (驾驶舱): one endpoint with every figure over the caller's scope, polled by the console and the
 * big screen; and the stations' heartbeat, the call that keeps a station online between captures.
 */
import type { Knex } from 'knex';
import { z } from 'zod';
import { tag } from '../../domain/ability';
import { dashboardSchema, heartbeatBodySchema, heartbeatSchema } from '../../domain/dashboard-schemas';
import type { DashboardSettings } from '../../db/dashboard/scope';
import { recordHeartbeat } from '../../db/station-heartbeats';
import { findStation } from '../../db/stations';
import { accessScope } from '../auth/access-filter';
import { caller } from '../auth/middleware';
import { defineRoute, json, type Route } from '../contract';
import { forbidden, notFound } from '../problems';
import { dashboardFigures } from './figures';

export interface DashboardDeps {
  db: Knex;
  dashboard: DashboardSettings;
}

export function dashboardRoutes({ db, dashboard }: DashboardDeps): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/dashboard',
      tags: ['dashboard'],
      summary: 'Every dashboard figure over your scope (your region, or every region), counted now',
      description:
        'Poll it (the console does every 15 s): each call counts afresh in SQL. docs/dashboard.md says what each figure means.',
      permission: ['read', 'Dashboard'],
      responses: { 200: json(dashboardSchema, 'the figures') },
      handler: async (_input, req, res) => {
        const { principal, ability } = caller(req);
        const scope = accessScope(ability, 'read', 'Dashboard', { regionId: 'region_id' });
        // A province-wide reader (no region claim) sees every region.
        const regionId = ability.can('read', tag('Dashboard', { regionId: null }))
          ? null
          : principal.regionId;
        res.json(await dashboardFigures(db, scope, regionId ?? null, dashboard));
      },
    }),
    defineRoute({
      method: 'post',
      path: '/stations/:id/heartbeat',
      tags: ['stations'],
      summary:
        "A station's heartbeat: it counts as online for STATION_ONLINE_MINUTES (operators of the station)",
      permission: ['create', 'Capture'],
      params: z.object({ id: z.string().max(100) }),
      body: heartbeatBodySchema,
      fieldMessages: {
        device: { zh: '设备说明最长 200 个字符', en: 'The device description is at most 200 characters' },
      },
      responses: { 200: json(heartbeatSchema, 'recorded') },
      problems: [404],
      handler: async ({ params, body }, req, res) => {
        const { principal, ability } = caller(req);
        const station = await findStation(db, params.id);
        if (!station) throw notFound({ zh: '采集点', en: 'The station' });
        const target = tag('Capture', { stationId: station.id, regionId: station.regionId });
        if (!ability.can('create', target)) throw forbidden();
        const receivedAt = await recordHeartbeat(db, {
          stationId: station.id,
          reportedBy: principal.username,
          device: body.device || null,
        });
        res.json({
          stationId: station.id,
          receivedAt: receivedAt.toISOString(),
          onlineUntil: new Date(receivedAt.getTime() + dashboard.onlineMinutes * 60_000).toISOString(),
        });
      },
    }),
  ];
}
