/** Keeping the instance's realm equal to the realm file in the repo. */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { httpOk } from '../../process';
import { KeycloakError } from './errors';

export interface RealmFile {
  file: string;
  name: string;
  json: string;
  sha256: string;
}

export async function readRealmFile(file: string): Promise<RealmFile> {
  const json = await fs.readFile(file, 'utf8').catch((err: Error) => {
    throw new KeycloakError('REALM_FILE_INVALID', `cannot read the realm file: ${err.message}`);
  });
  let name: unknown;
  try {
    name = (JSON.parse(json) as { realm?: unknown }).realm;
  } catch (err) {
    throw new KeycloakError('REALM_FILE_INVALID', `${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof name !== 'string' || !name)
    throw new KeycloakError('REALM_FILE_INVALID', `${file} has no "realm" name`);
  return { file, name, json, sha256: createHash('sha256').update(json).digest('hex') };
}

/**
 * Imports the realm file unless the realm exists and was imported from this very content (its sha256 is kept in
 * `<dataDir>/imported-realm.sha256`). `--import-realm` cannot do this: it skips a realm that exists, so an edited
 * file would silently not apply. An edited file replaces the realm, its users and sessions included, with a
 * warning: the demo realm always matches the repo.
 */
export async function ensureRealm({
  url,
  adminPassword,
  realm,
  dataDir,
  log,
}: {
  url: string;
  adminPassword: string;
  realm: RealmFile;
  dataDir: string;
  log: (message: string) => void;
}) {
  const stateFile = path.join(dataDir, 'imported-realm.sha256');
  const imported = (await fs.readFile(stateFile, 'utf8').catch(() => '')).trim();
  const realmPath = `/realms/${encodeURIComponent(realm.name)}`;
  // The first request to a realm after start-up warms it: seconds on a loaded machine.
  const exists = await httpOk(`${url}${realmPath}/.well-known/openid-configuration`, 60_000);
  if (exists && imported === realm.sha256) return;

  const admin = await adminApi(url, adminPassword, dataDir);
  if (exists) {
    log(
      `WARNING: ${realm.file} changed since realm "${realm.name}" was imported: importing it again ` +
        '(its users, sessions and admin-console changes are replaced)',
    );
    await admin('DELETE', `/admin${realmPath}`);
  } else {
    log(`importing realm "${realm.name}" from ${realm.file}...`);
  }
  await admin('POST', '/admin/realms', realm.json);
  await fs.writeFile(stateFile, `${realm.sha256}\n`);
}

/** Calls the admin REST API as the master realm's bootstrap administrator. */
async function adminApi(url: string, password: string, dataDir: string) {
  const res = await fetch(`${url}/realms/master/protocol/openid-connect/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'password',
      client_id: 'admin-cli',
      username: 'admin',
      password,
    }),
  });
  const { access_token: token, error_description: why } = (await res.json().catch(() => ({}))) as {
    access_token?: string;
    error_description?: string;
  };
  if (!token)
    throw new KeycloakError(
      'REALM_IMPORT_FAILED',
      `the Keycloak administrator "admin" could not sign in (${why ?? `HTTP ${res.status}`}). Its password is the ` +
        `one set when ${dataDir} was first started: use that one, or delete that folder to start afresh.`,
    );
  return async (method: string, apiPath: string, body?: string) => {
    const answer = await fetch(`${url}${apiPath}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body } : {}),
    });
    if (!answer.ok)
      throw new KeycloakError(
        'REALM_IMPORT_FAILED',
        `${method} ${apiPath}: HTTP ${answer.status} ${await answer.text()}`,
      );
  };
}
