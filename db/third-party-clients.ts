/** The registered third parties: a Keycloak client each, with the name citizens read and its own redeem rate. */
import type { Knex } from 'knex';
import type { ThirdPartyClient } from '../domain/webhooks';

export interface ThirdPartyClientRow {
  client_id: string;
  registered_name: string;
  enabled: boolean;
  redeems_per_minute: number | null;
  webhook_url: string | null;
  /** The webhook's signing secret, sealed (db/secret-seal.ts); null until one is made. */
  webhook_secret_sealed: Buffer | null;
}

type DemoThirdParty = Pick<ThirdPartyClientRow, 'client_id' | 'registered_name' | 'redeems_per_minute'>;

export const demoThirdParties: DemoThirdParty[] = [
  { client_id: 'demo-employer', registered_name: '示例用人单位（演示）', redeems_per_minute: null },
  { client_id: 'demo-exam-centre', registered_name: '示例考试报名中心（演示）', redeems_per_minute: null },
];

export async function upsertThirdParties(db: Knex, rows: DemoThirdParty[]) {
  await db('third_party_clients').insert(rows).onConflict('client_id').merge(['registered_name']);
}

export async function findThirdParty(db: Knex, clientId: string): Promise<ThirdPartyClientRow | undefined> {
  return db<ThirdPartyClientRow>('third_party_clients').where({ client_id: clientId }).first();
}

/** The enabled third parties, by name: those a citizen may address a grant to. */
export async function listEnabledThirdParties(db: Knex): Promise<ThirdPartyClientRow[]> {
  return db<ThirdPartyClientRow>('third_party_clients').where({ enabled: true }).orderBy('registered_name');
}

/** What administrators see: the secret only as whether it exists. */
export const toThirdPartyClient = (row: ThirdPartyClientRow): ThirdPartyClient => ({
  id: row.client_id,
  registeredName: row.registered_name,
  enabled: row.enabled,
  redeemsPerMinute: row.redeems_per_minute,
  webhookUrl: row.webhook_url,
  webhookSecretSet: row.webhook_secret_sealed !== null,
});

export async function listThirdParties(db: Knex): Promise<ThirdPartyClientRow[]> {
  return db<ThirdPartyClientRow>('third_party_clients').orderBy('client_id');
}

export type ThirdPartyChange = Partial<
  Pick<
    ThirdPartyClientRow,
    'registered_name' | 'enabled' | 'redeems_per_minute' | 'webhook_url' | 'webhook_secret_sealed'
  >
>;

/** Applies `change` to a registered client; the row after it, or undefined when there is no such client. */
export async function updateThirdParty(
  trx: Knex | Knex.Transaction,
  clientId: string,
  change: ThirdPartyChange,
): Promise<ThirdPartyClientRow | undefined> {
  const [row] = await trx<ThirdPartyClientRow>('third_party_clients')
    .where({ client_id: clientId })
    .update(change)
    .returning('*');
  return row;
}
