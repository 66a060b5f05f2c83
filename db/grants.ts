/**
 * Grants and their reads. A read is counted by one guarded UPDATE (active, not expired, reads left, the profile
 * granted, the client allowed), so concurrent reads never pass the maximum and a revocation, which takes the
 * same row lock, returns only after every read already counted has committed.
 */
import type { Knex } from 'knex';
import {
  grantPurposeLabels,
  type Grant,
  type GrantPurpose,
  type GrantRead,
  type GrantState,
} from '../domain/grants';
import type { PayloadOf } from '../exchange/messages';
import type { PhotoCertificate } from '../signing/certificate';

export interface GrantRow {
  id: string;
  case_id: string;
  region_id: string;
  /** The owner's keyed person hash (db/person-hash.ts): grants keep no ID number. */
  owner_id_number_hmac: string;
  profiles: string[];
  purpose: GrantPurpose;
  purpose_text: string | null;
  expires_at: Date;
  max_reads: number;
  reads_used: number;
  client_id: string | null;
  code_hash: string;
  state: GrantState;
  created_at: Date;
  created_by: string;
  on_behalf: boolean;
  ended_at: Date | null;
  revoked_at: Date | null;
  revoked_by: string | null;
  revocation_reason: string | null;
}

/** A grant row with its third party's registered name (null when addressed to none). */
export type GrantListRow = GrantRow & { registered_name: string | null };

/** Domain fields the access rules and list filters name, and their columns. */
export const grantColumns: Record<string, string> = {
  id: 'id',
  regionId: 'region_id',
  ownerPersonHash: 'owner_id_number_hmac',
  state: 'state',
  purpose: 'purpose',
  clientId: 'client_id',
  createdAt: 'created_at',
  expiresAt: 'expires_at',
};

export function toGrant(row: GrantListRow): Grant {
  return {
    id: row.id,
    caseId: row.case_id,
    profiles: row.profiles,
    purpose: row.purpose,
    purposeText: row.purpose_text,
    purposeLabel: grantPurposeLabels[row.purpose],
    state: row.state,
    expiresAt: row.expires_at.toISOString(),
    maxReads: row.max_reads,
    readsUsed: row.reads_used,
    readsLeft: row.state === 'active' ? row.max_reads - row.reads_used : 0,
    thirdParty:
      row.client_id && row.registered_name
        ? { clientId: row.client_id, registeredName: row.registered_name }
        : null,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    onBehalf: row.on_behalf,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    revokedBy: row.revoked_by,
    revocationReason: row.revocation_reason,
  };
}

const withThirdParty = (db: Knex) =>
  db('grants as g')
    .leftJoin('third_party_clients as t', 't.client_id', 'g.client_id')
    .select('g.*', 't.registered_name');

export type NewGrantRow = Omit<
  GrantRow,
  'state' | 'reads_used' | 'ended_at' | 'revoked_at' | 'revoked_by' | 'revocation_reason'
>;

export async function insertGrant(trx: Knex.Transaction, row: NewGrantRow) {
  await trx('grants').insert(row);
}

/** A new grant as the government side reports it to the police side (exchange/apply-police.ts). */
export const grantCreatedMessage = (
  row: NewGrantRow,
  registeredName: string | null,
): PayloadOf<'grant.created'> => ({
  id: row.id,
  caseId: row.case_id,
  regionId: row.region_id,
  ownerPersonHash: row.owner_id_number_hmac,
  profiles: row.profiles,
  purpose: row.purpose,
  purposeText: row.purpose_text,
  expiresAt: row.expires_at.toISOString(),
  maxReads: row.max_reads,
  clientId: row.client_id,
  registeredName,
  codeHash: row.code_hash,
  createdAt: row.created_at.toISOString(),
  createdBy: row.created_by,
  onBehalf: row.on_behalf,
});

export async function findGrant(db: Knex, id: string): Promise<GrantListRow | undefined> {
  return withThirdParty(db).where('g.id', id).first();
}

export interface GrantFilter {
  state?: GrantState[];
  purpose?: GrantPurpose[];
  clientId?: string[];
  createdFrom?: string;
  createdTo?: string;
}

export async function listGrants(
  db: Knex,
  query: {
    scope: (qb: Knex.QueryBuilder) => void;
    filter: GrantFilter;
    sort: { field: string; order: 'asc' | 'desc' };
    offset: number;
    limit: number;
  },
): Promise<{ rows: GrantListRow[]; total: number }> {
  const { filter } = query;
  const base = db('grants').where(query.scope);
  if (filter.state?.length) base.whereIn('state', filter.state);
  if (filter.purpose?.length) base.whereIn('purpose', filter.purpose);
  if (filter.clientId?.length) base.whereIn('client_id', filter.clientId);
  if (filter.createdFrom) base.where('created_at', '>=', filter.createdFrom);
  if (filter.createdTo) base.where('created_at', '<', filter.createdTo);
  const [{ total }] = (await base.clone().count({ total: '*' })) as [{ total: string }];
  const rows: GrantListRow[] = await db
    .from(base.as('g'))
    .leftJoin('third_party_clients as t', 't.client_id', 'g.client_id')
    .select('g.*', 't.registered_name')
    .orderBy(`g.${grantColumns[query.sort.field]!}`, query.sort.order)
    .orderBy('g.id')
    .offset(query.offset)
    .limit(query.limit);
  return { rows, total: Number(total) };
}

/**
 * Ends an active (or used-up) grant as revoked. Waits for the row lock of any read being counted, so once this
 * returns no read of the grant can be counted any more. Returns the row, or undefined when it had ended.
 */
export async function markGrantRevoked(
  trx: Knex.Transaction | Knex,
  id: string,
  { at, by, reason }: { at: Date; by: string; reason: string },
): Promise<GrantRow | undefined> {
  const [row] = await trx<GrantRow>('grants')
    .where({ id })
    .whereIn('state', ['active', 'exhausted'])
    .update({ state: 'revoked', ended_at: at, revoked_at: at, revoked_by: by, revocation_reason: reason })
    .returning('*');
  return row;
}

export async function markGrantExpired(
  trx: Knex.Transaction,
  id: string,
  at: Date,
): Promise<GrantRow | undefined> {
  const [row] = await trx<GrantRow>('grants')
    .where({ id })
    .whereIn('state', ['active', 'exhausted'])
    .update({ state: 'expired', ended_at: at })
    .returning('*');
  return row;
}

/** Every grant still standing over a case's photos, revoked with it (its revocation's transaction). */
export async function revokeGrantsOfCase(
  trx: Knex.Transaction,
  caseId: string,
  { at, by, reason }: { at: Date; by: string; reason: string },
): Promise<string[]> {
  const rows: { id: string }[] = await trx('grants')
    .where({ case_id: caseId })
    .whereIn('state', ['active', 'exhausted'])
    .update({ state: 'revoked', ended_at: at, revoked_at: at, revoked_by: by, revocation_reason: reason })
    .returning('id');
  return rows.map((r) => r.id);
}

/** Which grant a redeem names: by its code's keyed hash, or by id for the client it is addressed to. */
export type GrantAddress = { codeHash: string } | { grantId: string };

export interface CountedRead {
  grant: GrantRow;
  sha256: string;
  certificate: PhotoCertificate;
  photoState: string;
}

/**
 * Counts one read of `profileId` by `clientId`, or answers undefined: one statement, whatever the reason (no
 * such code, expired, used up, revoked, another client's, a profile not granted), so refusals look alike. The
 * client must be enabled as it stands now: the API's cached registration may be older than its disabling.
 */
export async function countRead(
  trx: Knex.Transaction,
  address: GrantAddress,
  { clientId, profileId }: { clientId: string; profileId: string },
): Promise<CountedRead | undefined> {
  const where =
    'codeHash' in address
      ? {
          sql: 'g.code_hash = ? and (g.client_id is null or g.client_id = ?)',
          bindings: [address.codeHash, clientId],
        }
      : { sql: 'g.id = ? and g.client_id = ?', bindings: [address.grantId, clientId] };
  const { rows } = await trx.raw<{
    rows: (GrantRow & { sha256: string; certificate: PhotoCertificate; photo_state: string })[];
  }>(
    `with counted as (
       update grants g
          set reads_used = g.reads_used + 1,
              state = case when g.reads_used + 1 >= g.max_reads then 'exhausted' else g.state end,
              ended_at = case when g.reads_used + 1 >= g.max_reads then now() else g.ended_at end
        where ${where.sql}
          and g.state = 'active' and g.expires_at > now() and g.reads_used < g.max_reads
          and ? = any(g.profiles)
          and exists (select 1 from third_party_clients t where t.client_id = ? and t.enabled)
       returning g.*)
     select c.*, i.sha256, i.certificate, i.state as photo_state
       from counted c join issued_photos i on i.case_id = c.case_id and i.profile_id = ?`,
    [...where.bindings, profileId, clientId, profileId],
  );
  const row = rows[0];
  if (!row) return undefined;
  const { sha256, certificate, photo_state: photoState, ...grant } = row;
  return { grant, sha256, certificate, photoState };
}

/**
 * A read counted on the government side, as the police side records it: the count as it stands there (never
 * lowered: messages arrive in order, but a read of a grant this side had ended still counts), used up at its
 * maximum. Returns the row, or undefined when this side has no such grant.
 */
export async function recordCountedRead(
  trx: Knex.Transaction,
  id: string,
  { readsUsed, at }: { readsUsed: number; at: Date },
): Promise<GrantRow | undefined> {
  const [row] = await trx<GrantRow>('grants')
    .where({ id })
    .update({
      reads_used: trx.raw('greatest(reads_used, ?)', [readsUsed]),
      state: trx.raw(`case when state = 'active' and ? >= max_reads then 'exhausted' else state end`, [
        readsUsed,
      ]),
      ended_at: trx.raw(`case when state = 'active' and ? >= max_reads then ? else ended_at end`, [
        readsUsed,
        at,
      ]),
    })
    .returning('*');
  return row;
}

export async function insertGrantRead(
  trx: Knex.Transaction,
  read: {
    grantId: string;
    clientId: string;
    registeredName: string;
    profileId: string;
    purpose: GrantPurpose;
    at: Date;
  },
) {
  await trx('grant_reads').insert({
    grant_id: read.grantId,
    client_id: read.clientId,
    registered_name: read.registeredName,
    profile_id: read.profileId,
    purpose: read.purpose,
    at: read.at,
    result: 'delivered',
  });
}

/** A citizen's access log: every read of their grants, newest first. */
export async function listReadsOf(
  db: Knex,
  ownerPersonHash: string,
  { offset, limit }: { offset: number; limit: number },
): Promise<{ rows: GrantRead[]; total: number }> {
  const base = db('grant_reads as r')
    .join('grants as g', 'g.id', 'r.grant_id')
    .where('g.owner_id_number_hmac', ownerPersonHash);
  const [{ total }] = (await base.clone().count({ total: '*' })) as [{ total: string }];
  const rows: {
    at: Date;
    grant_id: string;
    case_id: string;
    client_id: string;
    registered_name: string;
    profile_id: string;
    purpose: GrantPurpose;
  }[] = await base
    .select(
      'r.at',
      'r.grant_id',
      'g.case_id',
      'r.client_id',
      'r.registered_name',
      'r.profile_id',
      'r.purpose',
    )
    .orderBy('r.at', 'desc')
    .orderBy('r.id', 'desc')
    .offset(offset)
    .limit(limit);
  return {
    total: Number(total),
    rows: rows.map((r) => ({
      at: r.at.toISOString(),
      grantId: r.grant_id,
      caseId: r.case_id,
      clientId: r.client_id,
      registeredName: r.registered_name,
      profileId: r.profile_id,
      purpose: r.purpose,
      purposeLabel: grantPurposeLabels[r.purpose],
      result: 'delivered' as const,
    })),
  };
}
