/**
 * Demo data for the development stack and the tests: the regions and stations the demo users belong to, and the
 * demo realm's third-party clients.
 */
import type { Knex } from 'knex';
import { demoRegions, demoStations } from '../domain/stations';
import { upsertRegions, upsertStations } from './stations';
import { demoThirdParties, upsertThirdParties } from './third-party-clients';

export async function seedDemoData(db: Knex): Promise<void> {
  await upsertRegions(db, demoRegions);
  await upsertStations(db, demoStations);
  await upsertThirdParties(db, demoThirdParties);
}
