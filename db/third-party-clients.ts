/** The registered third parties: a Keycloak client each, with the name citizens read and its own redeem rate. */
import type { Knex } from 'knex';

export interface ThirdPartyClientRow {
  client_id: string;
  registered_name: string;
  enabled: boolean;
  redeems_per_minute: number | null;
}

export const demoThirdParties: Omit<ThirdPartyClientRow, 'enabled'>[] = [
  { client_id: 'demo-employer', registered_name: '示例用人单位（演示）', redeems_per_minute: null },
  { client_id: 'demo-exam-centre', registered_name: '示例考试报名中心（演示）', redeems_per_minute: null },
];

export async function upsertThirdParties(db: Knex, rows: Omit<ThirdPartyClientRow, 'enabled'>[]) {
  await db('third_party_clients').insert(rows).onConflict('client_id').merge(['registered_name']);
}

export async function findThirdParty(db: Knex, clientId: string): Promise<ThirdPartyClientRow | undefined> {
  return db<ThirdPartyClientRow>('third_party_clients').where({ client_id: clientId }).first();
}

/** The enabled third parties, by name: those a citizen may address a grant to. */
export async function listEnabledThirdParties(db: Knex): Promise<ThirdPartyClientRow[]> {
  return db<ThirdPartyClientRow>('third_party_clients').where({ enabled: true }).orderBy('registered_name');
}
