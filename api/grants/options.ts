/** What a grant may be: the configured purposes and limits, and the third parties it may be addressed to. */
import type { Knex } from 'knex';
import { z } from 'zod';
import { listEnabledThirdParties } from '../../db/third-party-clients';
import { grantPurposeLabels, grantPurposes, thirdPartySchema } from '../../domain/grants';
import { bilingualSchema } from '../../domain/schemas';
import { defineRoute, json, type Route } from '../contract';
import type { GrantSettings } from './settings';

export const grantOptionsSchema = z
  .strictObject({
    purposes: z.array(z.strictObject({ purpose: z.enum(grantPurposes), label: bilingualSchema })),
    maxExpiryDays: z.number().describe('A grant expires at most this many days ahead'),
    maxReads: z.number().int().min(1),
    thirdParties: z.array(thirdPartySchema).describe('The registered, enabled third parties'),
  })
  .meta({ id: 'GrantOptions' });

export function grantOptionsRoute({ db, grants: settings }: { db: Knex; grants: GrantSettings }): Route {
  return defineRoute({
    tags: ['grants'],
    method: 'get',
    path: '/my/grant-options',
    summary:
      'What a new grant may be: the offered purposes, the longest expiry, the most reads, the third parties',
    permission: ['create', 'Grant'],
    responses: { 200: json(grantOptionsSchema, 'the options') },
    handler: async (_input, _req, res) => {
      res.json({
        purposes: settings.purposes.map((purpose) => ({ purpose, label: grantPurposeLabels[purpose] })),
        maxExpiryDays: settings.maxExpirySeconds / 86400,
        maxReads: settings.maxReads,
        thirdParties: (await listEnabledThirdParties(db)).map((row) => ({
          clientId: row.client_id,
          registeredName: row.registered_name,
        })),
      });
    },
  });
}
