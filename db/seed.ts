/** Demo data for the development stack and the tests: the regions and stations the demo users belong to. */
import type { Knex } from 'knex';
import { demoRegions, demoStations } from '../domain/stations';
import { upsertRegions, upsertStations } from './stations';

export async function seedDemoData(db: Knex): Promise<void> {
  await upsertRegions(db, demoRegions);
  await upsertStations(db, demoStations);
}
