import { Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { listStations } from '../../db/stations';
import { requirePermission } from '../auth/middleware';
import { oneOrMany, parseListParams, sendPage } from '../list-params';

const stationFilter = z.object({
  id: oneOrMany(z.string()).optional(),
  regionId: oneOrMany(z.string()).optional(),
});

export function stationRoutes({ db }: { db: Knex }): Router {
  const router = Router();
  // Few rows: always the whole (filtered) list, sorted by id; the range is honoured in the Content-Range only.
  router.get('/stations', requirePermission('read', 'Station'), async (req, res) => {
    const params = parseListParams(req.query, {
      sortable: ['id'],
      defaultSort: ['id', 'ASC'],
      filter: stationFilter,
      maxPage: 1000,
    });
    const stations = await listStations(db, params.filter);
    sendPage(res, 'stations', 0, stations, stations.length);
  });
  return router;
}
