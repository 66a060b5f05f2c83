/**
 * Before `npm start` starts anything: engines and apps still running from an earlier start of the same data folder
 * (left by a version without the keeper, or when the orchestrator and its keeper were killed together) are
 * stopped, saying so, rather than failing on a taken port or PostgreSQL's lock file. A process counts as this
 * folder's only by its record (pid and start time, stack/run-records.ts) or by an engine command line naming the
 * folder; anything else on a port the stack needs is left alone and named as in the way.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { portInUse } from './process';
import { MissingPrerequisiteError } from './tools';
import { orchestratorRecordName, processTable, readRecords, type ProcessRow } from './run-records';

interface Leftover {
  name: string;
  row: ProcessRow;
  stopSignal: NodeJS.Signals;
}

const graceMs = 15_000;

/** The engines' command lines, each naming its folder under `dataDir` (see stack/engines/). */
function engineSignatures(dataDir: string): { name: string; matches: (args: string) => boolean }[] {
  const pgDir = path.join(dataDir, 'postgres');
  const keycloakBin = path.join(dataDir, 'keycloak', 'bin');
  return [
    {
      name: 'postgres',
      matches: (args) => /(^|\/)postgres /.test(args) && args.includes(` -D ${pgDir} `),
    },
    {
      name: 'temporal',
      matches: (args) =>
        args.includes(`server start-dev --db-filename ${path.join(dataDir, 'temporal', 'temporal.db')} `),
    },
    {
      name: 's3',
      matches: (args) => /versitygw /.test(args) && args.endsWith(` posix ${path.join(dataDir, 's3')}`),
    },
    {
      name: 'keycloak',
      matches: (args) =>
        args.includes(`${keycloakBin}/kc.sh start-dev`) || args.includes(`-Dkc.home.dir=${keycloakBin}/..`),
    },
  ];
}

function findLeftovers(dataDir: string): Leftover[] {
  // This orchestrator's own record is not a leftover.
  const table = processTable().filter((row) => row.pid !== process.pid);
  const found = new Map<number, Leftover>();
  // A group's leader first: its members (Keycloak's java under kc.sh) are stopped with it.
  for (const { record } of readRecords(dataDir)) {
    const row = record && table.find((r) => r.pid === record.pid && r.started === record.started);
    if (row && record.name === orchestratorRecordName)
      throw new MissingPrerequisiteError(
        `npm start is already running on ${dataDir} (pid ${row.pid}): stop it first, or give this one another TONGPAI_DATA_DIR.`,
      );
    if (row) found.set(row.pid, { name: record.name, row, stopSignal: record.stopSignal });
  }
  for (const { name, matches } of engineSignatures(dataDir))
    for (const row of table.filter((r) => matches(r.args)))
      if (!found.has(row.pid) && !found.has(row.pgid))
        found.set(row.pid, { name, row, stopSignal: name === 'postgres' ? 'SIGINT' : 'SIGTERM' });
  return [...found.values()];
}

/** Signals the process, and its whole group when it leads one (as everything the stack starts does). */
function signal({ row }: Leftover, sig: NodeJS.Signals) {
  for (const target of row.pgid === row.pid ? [-row.pid, row.pid] : [row.pid])
    try {
      process.kill(target, sig);
    } catch {
      /* already gone */
    }
}

const stillRunning = (leftover: Leftover) =>
  processTable(leftover.row.pid).some((r) => r.started === leftover.row.started);

export async function stopLeftovers(dataDir: string, say: (line: string) => void): Promise<void> {
  const leftovers = findLeftovers(dataDir);
  for (const leftover of leftovers) {
    say(
      `${leftover.name} (pid ${leftover.row.pid}) is still running from an earlier start of this data folder: stopping it`,
    );
    signal(leftover, leftover.stopSignal);
  }
  const deadline = Date.now() + graceMs;
  while (leftovers.some(stillRunning) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  for (const leftover of leftovers.filter(stillRunning)) {
    say(`${leftover.name} (pid ${leftover.row.pid}) did not stop within ${graceMs / 1000} s: killing it`);
    signal(leftover, 'SIGKILL');
  }
  if (leftovers.length) say(`stopped ${leftovers.length} process(es) left from an earlier start`);
  for (const { file, record } of readRecords(dataDir))
    if (record?.pid !== process.pid) rmSync(file, { force: true });
  removeStaleLockFile(path.join(dataDir, 'postgres'), say);
}

/**
 * PostgreSQL refuses to start while postmaster.pid names a live process, even one that has since reused the pid.
 * No postgres runs on this folder any more (stopped above), so a lock file still there is stale.
 */
function removeStaleLockFile(pgDir: string, say: (line: string) => void) {
  const lockFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(lockFile)) return;
  const pid = Number(readFileSync(lockFile, 'utf8').split('\n')[0]);
  const holder = processTable(pid)[0];
  if (holder && engineSignatures(path.dirname(pgDir))[0]!.matches(holder.args)) return;
  say(`removing ${lockFile}: its postgres (pid ${pid}) is no longer running`);
  rmSync(lockFile, { force: true });
}

/** Fails before anything starts when a port the stack needs is taken by something that is not this folder's. */
export async function assertPortsFree(ports: { port: number; setting: string }[]): Promise<void> {
  const taken = [];
  for (const entry of ports) if (await portInUse(entry.port)) taken.push(entry);
  if (taken.length)
    throw new MissingPrerequisiteError(
      `${taken.map(({ port, setting }) => `port ${port} (${setting})`).join(', ')} in use by another program ` +
        `(not one started from this data folder): stop it, or move this stack with ${taken.map((t) => t.setting).join(', ')}.`,
    );
}
