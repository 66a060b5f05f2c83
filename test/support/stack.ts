/** `npm start` run by a test as a user runs it: its own data folder, free ports, its output line by line. */
import { execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../stack/jest/free-port';
import { startProcess } from '../../stack/process';

const root = path.resolve(__dirname, '..', '..');

export type StackPorts = Record<
  | 'pg'
  | 'temporal'
  | 'temporalUi'
  | 'keycloak'
  | 'keycloakManagement'
  | 'api'
  | 'web'
  | 'upstreamSim'
  | 'workerHttp',
  number
>;

export interface StackSetup {
  dataDir: string;
  env: NodeJS.ProcessEnv;
  ports: StackPorts;
}

/** A fresh data folder and free ports for every process of a stack, and the environment naming them. */
export async function stackSetup(): Promise<StackSetup> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tongpai-stack-'));
  await fs.chmod(dataDir, 0o755);
  const [pg, temporal, temporalUi, keycloak, keycloakManagement, api, web, upstreamSim, workerHttp] =
    await Promise.all(Array.from({ length: 9 }, freePort));
  const ports: StackPorts = {
    pg: pg!,
    temporal: temporal!,
    temporalUi: temporalUi!,
    keycloak: keycloak!,
    keycloakManagement: keycloakManagement!,
    api: api!,
    web: web!,
    upstreamSim: upstreamSim!,
    workerHttp: workerHttp!,
  };
  const env = {
    ...process.env,
    TONGPAI_DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(ports.pg),
    TEMPORAL_PORT: String(ports.temporal),
    TEMPORAL_UI_PORT: String(ports.temporalUi),
    KEYCLOAK_PORT: String(ports.keycloak),
    KEYCLOAK_MANAGEMENT_PORT: String(ports.keycloakManagement),
    API_PORT: String(ports.api),
    WEB_PORT: String(ports.web),
    UPSTREAM_SIM_PORT: String(ports.upstreamSim),
    WORKER_HTTP_PORT: String(ports.workerHttp),
    // The test engines of this run are not this stack's: let the stack choose its own.
    DATABASE_URL: '',
    TEMPORAL_ADDRESS: '',
    KEYCLOAK_URL: '',
  };
  return { dataDir, env, ports };
}

export interface RunningStack {
  child: ChildProcess;
  /** Its output, line by line (stdout and stderr). */
  output: string[];
  exited: Promise<number | null>;
}

/**
 * `npm start`'s second half (`script`, stack/up.ts unless a test wraps it), in a process group of its own as a
 * terminal would run it; resolves once the stack is up.
 */
export async function startStack(env: NodeJS.ProcessEnv, script = 'stack/up.ts'): Promise<RunningStack> {
  const output: string[] = [];
  const { child, exited } = startProcess('stack', path.join(root, 'node_modules', '.bin', 'tsx'), [script], {
    cwd: root,
    env,
    sink: (_name, line) => output.push(line),
  });
  const deadline = Date.now() + 300_000;
  while (!output.some((l) => l.startsWith('Tongpai is running'))) {
    const failed = await Promise.race([
      exited.then(() => true),
      new Promise((r) => setTimeout(() => r(false), 500)),
    ]);
    if (failed || Date.now() > deadline) throw new Error(`the stack did not come up:\n${output.join('\n')}`);
  }
  return { child, output, exited };
}

/** What a terminal's Ctrl-C does: SIGINT to the whole foreground process group. */
export async function pressCtrlC(stack: RunningStack): Promise<number | null> {
  process.kill(-stack.child.pid!, 'SIGINT');
  return stack.exited;
}

/** The processes whose command line names `dir` (every engine of a stack names its data folder). */
export function processesUsing(dir: string): string[] {
  return execFileSync('ps', ['-eo', 'pid,args'])
    .toString()
    .split('\n')
    .filter((line) => line.includes(dir));
}

export async function listening(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) }).then(
    () => true,
    () => false,
  );
}

/**
 * Every process of the stack on `dataDir`: the engines and the keeper name the folder on their command line, the
 * apps in their environment (Linux: /proc).
 */
export function stackProcesses(dataDir: string): string[] {
  return execFileSync('ps', ['-eo', 'pid=,args='])
    .toString()
    .split('\n')
    .filter((line) => {
      const pid = Number(line.trim().split(' ')[0]);
      if (!pid || pid === process.pid) return false;
      if (line.includes(dataDir)) return true;
      try {
        return readFileSync(`/proc/${pid}/environ`, 'utf8').includes(`TONGPAI_DATA_DIR=${dataDir}\0`);
      } catch {
        return false; // gone, or not readable: not ours
      }
    });
}
