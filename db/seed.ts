/**
 * Demo data for the development stack and the tests: the regions and stations the demo users belong to, the
 * demo realm's third-party clients, and the demo sharing catalogue and organisations (added once, never
 * overwriting an administrator's changes).
 */
import type { Knex } from 'knex';
import { demoCatalogue, demoOrganisations } from '../domain/sharing-demo';
import { demoRegions, demoStations } from '../domain/stations';
import { insertEntry, saveOrganisation } from './sharing-catalogue';
import { upsertRegions, upsertStations } from './stations';
import { demoThirdParties, upsertThirdParties } from './third-party-clients';

/** The regions and stations alone (what a schema of any age holds). */
export async function seedDemoStations(db: Knex): Promise<void> {
  await upsertRegions(db, demoRegions);
  await upsertStations(db, demoStations);
}

export async function seedDemoData(db: Knex): Promise<void> {
  await seedDemoStations(db);
  await upsertThirdParties(db, demoThirdParties);
  await db.transaction(async (trx) => {
    for (const entry of demoCatalogue) await insertEntry(trx, entry);
    for (const organisation of demoOrganisations) await saveOrganisation(trx, organisation, 'insert');
  });
}
