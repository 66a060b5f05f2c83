/** The grant a request names, if the caller may see it; who owns a grant. */
import type { Client } from '@temporalio/client';
import type { Request } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import { findGrant } from '../../db/grants';
import { tag } from '../../domain/ability';
import { caller, type Caller } from '../auth/middleware';
import { notFound } from '../problems';
import type { NetworkRole } from '../../domain/network';
import type { GrantSettings } from './settings';

export interface GrantDeps {
  db: Knex;
  temporal: Client;
  taskQueue: string;
  grants: GrantSettings;
  /** On the government network a new grant is reported to the police side (exchange/messages.ts). */
  network?: NetworkRole;
}

const grantNotFound = notFound({ zh: '该授权', en: 'Grant' });

/** Is this caller the citizen the photo belongs to (else an administrator acting for them)? */
export const isOwner = ({ principal, personHash }: Caller, ownerPersonHash: string) =>
  principal.roles.includes('citizen') && personHash === ownerPersonHash;

/** The grant named by `req.params.id` if the caller may read it; 404 otherwise, so nothing leaks. */
export async function readableGrant(db: Knex, req: Request) {
  const { ability } = caller(req);
  const id = String(req.params.id);
  const row = z.uuid().safeParse(id).success ? await findGrant(db, id) : undefined;
  if (
    !row ||
    !ability.can('read', tag('Grant', { regionId: row.region_id, ownerPersonHash: row.owner_id_number_hmac }))
  )
    throw grantNotFound;
  return row;
}
