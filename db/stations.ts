import type { Knex } from 'knex';
import type { Station } from '../domain/cases';
import type { Network } from '../domain/principal';

interface StationRow {
  id: string;
  region_id: string;
  region_name_zh: string;
  region_name_en: string;
  name_zh: string;
  name_en: string;
  network: Network;
}

const toStation = (r: StationRow): Station => ({
  id: r.id,
  regionId: r.region_id,
  regionNameZh: r.region_name_zh,
  regionNameEn: r.region_name_en,
  nameZh: r.name_zh,
  nameEn: r.name_en,
  network: r.network,
});

const withRegion = (db: Knex) =>
  db<StationRow>('stations')
    .join('regions', 'regions.id', 'stations.region_id')
    .select('stations.*', 'regions.name_zh as region_name_zh', 'regions.name_en as region_name_en');

export async function listStations(
  db: Knex,
  filter: { id?: string[]; regionId?: string[] } = {},
): Promise<Station[]> {
  const query = withRegion(db).orderBy('stations.id');
  if (filter.id) query.whereIn('stations.id', filter.id);
  if (filter.regionId) query.whereIn('stations.region_id', filter.regionId);
  return (await query).map(toStation);
}

export async function findStation(db: Knex, id: string): Promise<Station | undefined> {
  const row = await withRegion(db).where('stations.id', id).first();
  return row && toStation(row);
}

export async function upsertRegions(
  db: Knex,
  regions: readonly { id: string; nameZh: string; nameEn: string }[],
) {
  if (!regions.length) return;
  await db('regions')
    .insert(regions.map((r) => ({ id: r.id, name_zh: r.nameZh, name_en: r.nameEn })))
    .onConflict('id')
    .merge();
}

export async function upsertStations(
  db: Knex,
  stations: readonly Omit<Station, 'regionNameZh' | 'regionNameEn'>[],
) {
  if (!stations.length) return;
  await db('stations')
    .insert(
      stations.map((s) => ({
        id: s.id,
        region_id: s.regionId,
        name_zh: s.nameZh,
        name_en: s.nameEn,
        network: s.network,
      })),
    )
    .onConflict('id')
    .merge();
}
