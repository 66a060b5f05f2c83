/** Where a case's submissions to the upstream libraries stand, for those who may read the case. */
import type { Knex } from 'knex';
import { z } from 'zod';
import { listUpstreamSubmissions, toUpstreamSubmission } from '../../db/upstream-submissions';
import { upstreamSubmissionSchema } from '../../domain/schemas';
import { caseParams, readableCase } from '../cases/readable-case';
import { defineRoute, json, type Route } from '../contract';

export function upstreamRoutes({ db }: { db: Knex }): Route[] {
  return [
    defineRoute({
      tags: ['upstream'],
      permission: ['read', 'Case'],
      method: 'get',
      path: '/cases/:id/upstream',
      summary: "Each upstream library's submission of the case's issued photos",
      description:
        'One entry per library and photo version: pending, delivered (with the receipt id), retrying (with ' +
        'the last error), rejected (with the reason) or recalled. Empty until the case is issued.',
      params: caseParams,
      responses: { 200: json(z.array(upstreamSubmissionSchema), 'submissions, newest photo version first') },
      problems: [404],
      handler: async (_input, req, res) => {
        const row = await readableCase(db, req);
        res.json((await listUpstreamSubmissions(db, row.id)).map(toUpstreamSubmission));
      },
    }),
  ];
}
