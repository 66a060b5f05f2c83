/**
 * Adds the realm file's entries that a test needs to a test Keycloak imported from an older copy of the file
 * (the shared test engines keep running while the file grows): the named roles, clients and users, through
 * Keycloak's partial import, skipping whatever exists. A Keycloak imported from this file has them all.
 */
import fs from 'node:fs/promises';
import { loadConfig } from '../../config';
import { realmFile } from '../../stack/demo';
import { testEngineEnv } from '../../stack/jest/test-env';

interface RealmJson {
  realm: string;
  roles: { realm: { name: string }[]; client?: Record<string, { name: string }[]> };
  clients: { clientId: string }[];
  users: { username: string }[];
}

export async function ensureRealmEntries(names: {
  roles: string[];
  clients: string[];
  users: string[];
  /** Roles of existing clients, by client id (a user given one needs it). */
  clientRoles?: Record<string, string[]>;
}) {
  const file = JSON.parse(await fs.readFile(realmFile, 'utf8')) as RealmJson;
  const url = testEngineEnv('keycloakUrl');
  const tokenAnswer = await fetch(`${url}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'admin-cli',
      username: 'admin',
      password: loadConfig().KEYCLOAK_ADMIN_PASSWORD,
    }),
  });
  const { access_token: token } = (await tokenAnswer.json()) as { access_token: string };
  const pick = <T>(all: T[], key: (item: T) => string, wanted: string[]) => {
    const found = all.filter((item) => wanted.includes(key(item)));
    if (found.length !== wanted.length)
      throw new Error(`not all of ${wanted.join(', ')} are in ${realmFile}`);
    return found;
  };
  const answer = await fetch(`${url}/admin/realms/${file.realm}/partialImport`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      ifResourceExists: 'SKIP',
      roles: {
        realm: pick(file.roles.realm, (r) => r.name, names.roles),
        client: Object.fromEntries(
          Object.entries(names.clientRoles ?? {}).map(([clientId, roles]) => [
            clientId,
            pick(file.roles.client?.[clientId] ?? [], (r) => r.name, roles),
          ]),
        ),
      },
      clients: pick(file.clients, (c) => c.clientId, names.clients),
      users: pick(file.users, (u) => u.username, names.users),
    }),
  });
  if (!answer.ok) throw new Error(`partial import: HTTP ${answer.status} ${await answer.text()}`);
}
