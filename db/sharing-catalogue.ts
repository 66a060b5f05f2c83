/** The catalogue of shared photo services and the organisations (with their Keycloak clients) that use them. */
import type { Knex } from 'knex';
import type { Network } from '../domain/principal';
import type {
  CatalogueEntry,
  CatalogueEntryInput,
  Organisation,
  OrganisationInput,
  SharingService,
} from '../domain/sharing';

interface CatalogueEntryRow {
  id: string;
  name: string;
  description: string;
  service: SharingService;
  profiles: string[];
  matters: CatalogueEntry['matters'];
  networks: Network[];
  rate_per_minute: number;
  daily_quota: number;
  validity_days: number;
  created_at: Date;
  updated_at: Date;
}

const toEntry = (r: CatalogueEntryRow): CatalogueEntry => ({
  id: r.id,
  name: r.name,
  description: r.description,
  service: r.service,
  profiles: r.profiles,
  matters: r.matters,
  networks: r.networks,
  defaultLimits: {
    ratePerMinute: r.rate_per_minute,
    dailyQuota: r.daily_quota,
    validityDays: r.validity_days,
  },
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

const entryColumns = (e: Omit<CatalogueEntryInput, 'id'>) => ({
  name: e.name,
  description: e.description,
  service: e.service,
  profiles: e.profiles,
  matters: JSON.stringify(e.matters),
  networks: e.networks,
  rate_per_minute: e.defaultLimits.ratePerMinute,
  daily_quota: e.defaultLimits.dailyQuota,
  validity_days: e.defaultLimits.validityDays,
});

export async function listEntries(db: Knex): Promise<CatalogueEntry[]> {
  return (await db<CatalogueEntryRow>('catalogue_entries').orderBy('id')).map(toEntry);
}

export async function findEntry(db: Knex, id: string): Promise<CatalogueEntry | undefined> {
  const row = await db<CatalogueEntryRow>('catalogue_entries').where({ id }).first();
  return row && toEntry(row);
}

/** False when an entry with this id exists already. */
export async function insertEntry(trx: Knex.Transaction, entry: CatalogueEntryInput): Promise<boolean> {
  const inserted = await trx('catalogue_entries')
    .insert({ id: entry.id, ...entryColumns(entry) })
    .onConflict('id')
    .ignore()
    .returning('id');
  return inserted.length > 0;
}

export async function updateEntry(
  trx: Knex.Transaction,
  id: string,
  entry: Omit<CatalogueEntryInput, 'id'>,
): Promise<boolean> {
  return (
    (await trx('catalogue_entries')
      .where({ id })
      .update({ ...entryColumns(entry), updated_at: trx.fn.now() })) > 0
  );
}

interface OrganisationRow {
  id: string;
  name: string;
  kind: Organisation['kind'];
  network: Network;
  contacts: Organisation['contacts'];
  created_at: Date;
}

export interface OrganisationClientRow {
  client_id: string;
  organisation_id: string;
  suspended_at: Date | null;
  suspended_by: string | null;
  suspension_reason: string | null;
}

const toOrganisation = (r: OrganisationRow, clients: OrganisationClientRow[]): Organisation => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  network: r.network,
  contacts: r.contacts,
  clients: clients
    .filter((c) => c.organisation_id === r.id)
    .map((c) => ({
      clientId: c.client_id,
      suspendedAt: c.suspended_at?.toISOString() ?? null,
      suspendedBy: c.suspended_by,
      suspensionReason: c.suspension_reason,
    })),
  createdAt: r.created_at.toISOString(),
});

/** Every organisation, or those `ids` only. */
export async function listOrganisations(db: Knex, ids?: string[]): Promise<Organisation[]> {
  const rows: OrganisationRow[] = await db<OrganisationRow>('organisations')
    .modify((q) => void (ids && q.whereIn('id', ids)))
    .orderBy('id');
  const clients = await db<OrganisationClientRow>('organisation_clients')
    .whereIn(
      'organisation_id',
      rows.map((r) => r.id),
    )
    .orderBy('client_id');
  return rows.map((r) => toOrganisation(r, clients));
}

/** The organisations whose named contacts include this console user. */
export async function organisationIdsOfContact(db: Knex, username: string): Promise<string[]> {
  const rows = await db('organisations')
    .whereRaw(`contacts @> ?::jsonb`, [JSON.stringify([{ username }])])
    .select('id');
  return rows.map((r: { id: string }) => r.id);
}

/** Which client ids are taken by another organisation (a client belongs to one). */
export async function clientsOwnedElsewhere(db: Knex, organisationId: string, clientIds: string[]) {
  const rows = await db<OrganisationClientRow>('organisation_clients')
    .whereIn('client_id', clientIds)
    .whereNot({ organisation_id: organisationId })
    .select('client_id');
  return rows.map((r) => r.client_id);
}

export async function saveOrganisation(
  trx: Knex.Transaction,
  org: OrganisationInput,
  mode: 'insert' | 'update',
): Promise<boolean> {
  const columns = {
    name: org.name,
    kind: org.kind,
    network: org.network,
    contacts: JSON.stringify(org.contacts),
  };
  const saved =
    mode === 'insert'
      ? (
          await trx('organisations')
            .insert({ id: org.id, ...columns })
            .onConflict('id')
            .ignore()
            .returning('id')
        ).length
      : await trx('organisations').where({ id: org.id }).update(columns);
  if (!saved) return false;
  // Clients no longer listed are removed; their counters and reads stay, named by client id.
  await trx('organisation_clients')
    .where({ organisation_id: org.id })
    .whereNotIn('client_id', org.clientIds)
    .delete();
  if (org.clientIds.length)
    await trx('organisation_clients')
      .insert(org.clientIds.map((client_id) => ({ client_id, organisation_id: org.id })))
      .onConflict('client_id')
      .ignore();
  return true;
}

/** The client and its organisation, as a lookup or tool call finds them from the token's `azp`. */
export interface RegisteredClient extends OrganisationClientRow {
  organisation_name: string;
  network: Network;
}

export async function findRegisteredClient(
  db: Knex,
  clientId: string,
): Promise<RegisteredClient | undefined> {
  return db('organisation_clients as c')
    .join('organisations as o', 'o.id', 'c.organisation_id')
    .where('c.client_id', clientId)
    .first('c.*', 'o.name as organisation_name', 'o.network');
}

/** Suspends or reinstates a client; false when it already was so (nothing changed, nothing to audit). */
export async function setClientSuspended(
  trx: Knex.Transaction,
  clientId: string,
  change: { suspended: boolean; by: string; reason: string },
): Promise<boolean> {
  const changed = await trx('organisation_clients')
    .where({ client_id: clientId })
    .modify((q) => void (change.suspended ? q.whereNull('suspended_at') : q.whereNotNull('suspended_at')))
    .update(
      change.suspended
        ? { suspended_at: trx.fn.now(), suspended_by: change.by, suspension_reason: change.reason }
        : { suspended_at: null, suspended_by: null, suspension_reason: null },
    );
  return changed > 0;
}
