import type { Knex } from 'knex';
import { z } from 'zod';
import { stationSchema } from '../../domain/schemas';
import { listStations } from '../../db/stations';
import { defineRoute, json, type Route } from '../contract';
import { listQueryFor, listQueryMessages, oneOrMany, parseListParams, sendPage } from '../list-params';

const stationFilter = z.object({
  id: oneOrMany(z.string()).optional(),
  regionId: oneOrMany(z.string()).optional(),
});

export function stationRoutes({ db }: { db: Knex }): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/stations',
      tags: ['stations'],
      summary: 'Capture stations (always the whole filtered list, sorted by id)',
      permission: ['read', 'Station'],
      query: listQueryFor(stationFilter),
      fieldMessages: listQueryMessages,
      responses: {
        200: json(z.array(stationSchema), 'stations; Content-Range: stations <start>-<end>/<total>'),
      },
      // Few rows: the range is honoured in the Content-Range only.
      handler: async ({ query }, _req, res) => {
        const params = parseListParams(query, {
          sortable: ['id'],
          defaultSort: ['id', 'ASC'],
          filter: stationFilter,
          maxPage: 1000,
        });
        const stations = await listStations(db, params.filter);
        sendPage(res, 'stations', 0, stations, stations.length);
      },
    }),
  ];
}
