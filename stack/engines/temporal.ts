/**
 * Temporal: the CLI dev server (real Temporal server with persistent SQLite and the Web UI), built once with
 * `go install` into the cache. `TEMPORAL_ADDRESS` bypasses all of this.
 */
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { searchAttributes } from '../../workflows/search-attributes';
import { startProcess, waitUntil, type LineSink } from '../process';
import { ensureGoBinary } from '../tools';

const cliModule = 'github.com/temporalio/cli/cmd/temporal';

/** Builds the Temporal CLI at `version` into the cache unless it is there; returns the binary's path. */
export function ensureTemporalCli(cacheDir: string, version: string, sink: LineSink): Promise<string> {
  return ensureGoBinary({
    module: cliModule,
    version,
    binDir: path.join(cacheDir, 'temporal', version),
    name: 'temporal',
    howToAvoid: 'set TEMPORAL_ADDRESS to an existing Temporal cluster',
    sink,
  });
}

export interface TemporalOptions {
  binary: string;
  dbFile: string;
  port: number;
  uiPort?: number;
  namespace: string;
  sink: LineSink;
}

export interface RunningTemporal {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

export async function startTemporalDevServer(options: TemporalOptions): Promise<RunningTemporal> {
  const { binary, dbFile, port, uiPort, namespace, sink } = options;
  await fs.mkdir(path.dirname(dbFile), { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--db-filename',
    dbFile,
    // SQLite's default rollback journal syncs every commit several times; with a write-ahead log synced at
    // checkpoints the dev server runs 2.3 times as many workflows (platform notes). A crash of the machine
    // may lose the last commits, not the file: this is the development server.
    '--sqlite-pragma',
    'journal_mode=wal',
    '--sqlite-pragma',
    'synchronous=normal',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--namespace',
    namespace,
    '--log-level',
    'error',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value',
    'frontend.enableExecuteMultiOperation=true',
    ...(await partitionSettings(dbFile)),
    // The search attributes are written with the namespace before the server starts, so the CLI's refresh of
    // their cache on every read is not needed (docs/benchmarks.md, section 7).
    '--dynamic-config-value',
    'system.forceSearchAttributesCacheRefreshOnRead=false',
    ...searchAttributes.flatMap((key) => ['--search-attribute', `${key.name}=${key.type}`]),
    ...(uiPort ? ['--ui-port', String(uiPort)] : ['--headless']),
  ];
  // Go collects garbage each time the heap doubles; collecting at three times the live heap takes about 8 %
  // off the server's CPU per workflow for about 120 MB more at its peak (GOGC=400: 4 % more for 300 MB more).
  const env = { ...process.env, GOGC: process.env.GOGC ?? '200' };
  const server = startProcess('temporal', binary, args, { sink, env });
  const address = `127.0.0.1:${port}`;
  await waitUntil('Temporal', () => namespaceReady(address, namespace), {
    timeoutMs: 120_000,
    process: server,
  });
  return {
    address,
    ...(uiPort ? { uiUrl: `http://localhost:${uiPort}` } : {}),
    stop: () => server.stop(),
  };
}

/**
 * One server process: the default four partitions per task queue only forward tasks to each other, so new
 * tasks go to one. Polls read that one alone only in a database that has never had another (created here and
 * marked so beside it); a database from before polls all four, so no task left in another is stranded. With
 * the search attributes' setting: 25–44 % more empty lifecycles per second, 11–20 % less server CPU each.
 */
export async function partitionSettings(dbFile: string): Promise<string[]> {
  const marker = `${dbFile}.one-partition`;
  const created = !existsSync(dbFile);
  if (created) await fs.writeFile(marker, 'tasks only ever written to partition 0 of each task queue\n');
  const readOne = created || existsSync(marker);
  return [
    '--dynamic-config-value',
    'matching.numTaskqueueWritePartitions=1',
    ...(readOne ? ['--dynamic-config-value', 'matching.numTaskqueueReadPartitions=1'] : []),
  ];
}

async function namespaceReady(address: string, namespace: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1000 });
  try {
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } finally {
    await connection.close();
  }
}
