/**
 * Keycloak for the local stack: the Quarkus distribution from Maven Central (downloaded once, checksum verified,
 * cached), a JDK it supports, and dev-mode instances that each live in their own folder, so the development stack
 * and a test run can use one cached distribution at the same time. `KEYCLOAK_URL` bypasses all of this.
 *
 * Why an instance folder: Keycloak keeps its dev database and transaction logs under its home (`<home>/data`), and
 * `start-dev` rewrites the Quarkus build in `<home>/lib/quarkus` whenever its build options differ from the stored
 * build, so two instances must not share a home. Each gets a small one of its own: copies of `bin/kc.sh` (it derives
 * the home from its own path), `lib/quarkus-run.jar` and `lib/quarkus`, and links to the distribution's read-only
 * jars and `conf`.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { httpOk, portInUse, startProcess, waitUntil, type LineSink } from '../../process';
import { partialSuffix } from './distribution';
import { KeycloakError } from './errors';
import { ensureRealm, readRealmFile } from './realm';

export { ensureKeycloakDistribution } from './distribution';
export { KeycloakError, type KeycloakErrorCode } from './errors';
export { findJavaHome, javaInstallHint, javaMajorVersion } from './java';

export interface KeycloakOptions {
  /** The distribution's home, from ensureKeycloakDistribution (read only; shared by all instances). */
  home: string;
  javaHome: string;
  port: number;
  managementPort: number;
  /** This instance's own Keycloak home: its dev database (users, sessions), build and transaction logs. */
  dataDir: string;
  /** The realm JSON in the repo: imported on the first start and again whenever the file changes. */
  realmFile: string;
  /** Password of the master realm's bootstrap administrator `admin`, set on the instance's first start. */
  adminPassword: string;
  sink: LineSink;
}

export interface RunningKeycloak {
  /** Base URL; the realm's issuer is `<url>/realms/<realm>`. */
  url: string;
  stop(): Promise<void>;
}

/** Options that shape the Quarkus build: a change makes Keycloak rebuild, so they also name the saved build. */
const buildOptions = ['--health-enabled=true'];

/** Starts Keycloak in dev mode from `dataDir`, waits until it is ready and the realm file is imported. */
export async function startKeycloak(options: KeycloakOptions): Promise<RunningKeycloak> {
  const { home, javaHome, port, managementPort, dataDir, adminPassword, sink } = options;
  const log = (message: string) => sink('keycloak', message, 'stdout');
  const realm = await readRealmFile(options.realmFile);
  await assertPortFree(port, 'HTTP');
  await assertPortFree(managementPort, 'management');
  await prepareInstance(home, dataDir);

  const url = `http://localhost:${port}`;
  const args = [
    'start-dev',
    ...buildOptions,
    '--http-host=127.0.0.1',
    `--http-port=${port}`,
    '--http-management-host=127.0.0.1',
    `--http-management-port=${managementPort}`,
    // A fixed issuer, whichever host name a request used.
    `--hostname=${url}`,
  ];
  const env = {
    // A KC_* variable left in the shell (KC_DB, KC_HOSTNAME...) would silently reconfigure the instance.
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('KC_'))),
    JAVA_HOME: javaHome,
    KC_BOOTSTRAP_ADMIN_USERNAME: 'admin',
    KC_BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
  };
  const server = startProcess('keycloak', path.join(dataDir, 'bin', 'kc.sh'), args, { env, sink });
  try {
    await waitUntil('Keycloak', () => httpOk(`http://127.0.0.1:${managementPort}/health/ready`), {
      timeoutMs: 300_000,
      process: server,
    });
    await saveBuild(home, dataDir);
    await ensureRealm({ url, adminPassword, realm, dataDir, log });
  } catch (err) {
    await server.stop();
    throw err instanceof KeycloakError ? err : new KeycloakError('START_FAILED', (err as Error).message);
  }
  return { url, stop: () => server.stop() };
}

async function assertPortFree(port: number, purpose: string): Promise<void> {
  if (await portInUse(port))
    throw new KeycloakError(
      'PORT_IN_USE',
      `port ${port} (Keycloak ${purpose}) is in use: is another Keycloak running?`,
    );
}

/** Lays `dataDir` out as this instance's Keycloak home (see the file comment). */
async function prepareInstance(home: string, dataDir: string) {
  for (const dir of ['bin', 'lib', 'providers', 'themes', 'data'])
    await fs.mkdir(path.join(dataDir, dir), { recursive: true });
  await fs.copyFile(path.join(home, 'bin', 'kc.sh'), path.join(dataDir, 'bin', 'kc.sh'));
  await fs.copyFile(path.join(home, 'lib', 'quarkus-run.jar'), path.join(dataDir, 'lib', 'quarkus-run.jar'));
  for (const shared of ['lib/lib', 'lib/app', 'conf']) {
    const link = path.join(dataDir, shared);
    await fs.rm(link, { recursive: true, force: true });
    await fs.symlink(path.join(home, shared), link);
  }
  // A build from another distribution (an upgrade) is replaced; start-dev keeps the instance's own build current.
  const buildOrigin = path.join(dataDir, 'lib', 'quarkus.origin');
  if ((await fs.readFile(buildOrigin, 'utf8').catch(() => '')) !== home) {
    const saved = savedBuildDir(home);
    const build = path.join(dataDir, 'lib', 'quarkus');
    await fs.rm(build, { recursive: true, force: true });
    await fs.cp(existsSync(saved) ? saved : path.join(home, 'lib', 'quarkus'), build, { recursive: true });
    await fs.writeFile(buildOrigin, home);
  }
}

function savedBuildDir(home: string): string {
  const key = createHash('sha256').update(buildOptions.join(' ')).digest('hex').slice(0, 8);
  return `${home}-start-dev-build-${key}`;
}

/**
 * Keeps the first ready instance's start-dev build beside the distribution: a new instance (each test run) copies
 * it instead of the distribution's production build and skips a ~20 s rebuild. Keycloak still checks the build
 * options on every start, so a stale copy only costs that rebuild.
 */
async function saveBuild(home: string, dataDir: string) {
  const saved = savedBuildDir(home);
  if (existsSync(saved)) return;
  const partial = saved + partialSuffix(process.pid);
  await fs.cp(path.join(dataDir, 'lib', 'quarkus'), partial, { recursive: true });
  // Another instance may have saved its build first: keep that one.
  await fs.rename(partial, saved).catch(() => fs.rm(partial, { recursive: true, force: true }));
}
