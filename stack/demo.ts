/** The demo logins, read from the demo realm file itself so what is printed never drifts from what is imported. */
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../config';

export const realmFile = path.join(repoRoot, 'docker', 'keycloak', 'tongpai-realm.json');

interface RealmUser {
  username: string;
  firstName?: string;
  lastName?: string;
  realmRoles?: string[];
  attributes?: Record<string, string[]>;
  credentials?: { type: string; value?: string }[];
}
interface RealmClient {
  clientId: string;
  secret?: string;
  serviceAccountsEnabled?: boolean;
  publicClient?: boolean;
}

export interface DemoLogin {
  username: string;
  password: string;
  description: string;
}

function readRealm(): { users?: RealmUser[]; clients?: RealmClient[] } {
  return JSON.parse(fs.readFileSync(realmFile, 'utf8'));
}

function describe(user: RealmUser): string {
  const roles = (user.realmRoles ?? []).filter((r) => !r.startsWith('default-roles'));
  const attr = (name: string) => user.attributes?.[name]?.[0];
  const where = attr('station_id') ?? attr('region_id') ?? '';
  return `${roles.join(',')}${where ? ` @ ${where}` : ''}  ${user.lastName ?? ''}${user.firstName ?? ''}`.trim();
}

export const demoLogins: DemoLogin[] = (() => {
  const realm = readRealm();
  const users = (realm.users ?? []).flatMap((u) => {
    const password = u.credentials?.find((c) => c.type === 'password')?.value;
    return password ? [{ username: u.username, password, description: describe(u) }] : [];
  });
  const thirdParties = (realm.clients ?? [])
    .filter((c) => c.serviceAccountsEnabled && !c.publicClient && c.secret)
    .map((c) => ({
      username: c.clientId,
      password: c.secret!,
      description: 'third-party client (client credentials: id / secret)',
    }));
  return [...users, ...thirdParties];
})();
