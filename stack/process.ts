/**
 * Child processes of the stack: each runs in its own process group with its output prefixed, and stopping
 * it signals the whole group, so Ctrl-C leaves no orphan (Keycloak's kc.sh starts java; tsx starts node).
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import net from 'node:net';
import readline from 'node:readline';

/**
 * Node's flag for the worker, the API and the simulator: their live heaps (pixel buffers in the worker, 40-60 MB
 * in the others) sit at V8's first old-space limit, which otherwise sets off a full collection every photo or
 * every few captures (imaging/README.md; docs/benchmarks.md, lifecycle section 8).
 */
export const roomyOldSpace = '--initial-old-space-size=128';

export interface ManagedProcess {
  name: string;
  child: ChildProcess;
  /** Resolves when the process has exited (any reason). */
  exited: Promise<number | null>;
  stop(graceMs?: number): Promise<void>;
}

export type LineSink = (name: string, line: string, stream: 'stdout' | 'stderr') => void;

/** Told of every process startProcess starts and of its end: `npm start`'s guard (stack/guard.ts). */
export interface ProcessObserver {
  started(proc: ManagedProcess, stopSignal: NodeJS.Signals): void;
  exited(proc: ManagedProcess): void;
}
let observer: ProcessObserver | undefined;

export function observeProcesses(next: ProcessObserver | undefined): void {
  observer = next;
}

export const prefixedConsole: LineSink = (name, line) => {
  process.stdout.write(`${`[${name}]`.padEnd(11)} ${line}\n`);
};

export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: SpawnOptions & { sink?: LineSink; stopSignal?: NodeJS.Signals } = {},
): ManagedProcess {
  const { sink = prefixedConsole, stopSignal = 'SIGTERM', ...spawnOptions } = options;
  const child = spawn(command, args, { ...spawnOptions, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of ['stdout', 'stderr'] as const) {
    const input = child[stream];
    if (input) readline.createInterface({ input }).on('line', (line) => sink(name, line, stream));
  }
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : null)));
    child.once('error', (err) => {
      sink(name, `failed to start ${command}: ${err.message}`, 'stderr');
      resolve(127);
    });
  });
  let running = true;
  void exited.then(() => (running = false));
  const signalGroup = (signal: NodeJS.Signals) => {
    if (!running || child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  };
  const proc: ManagedProcess = {
    name,
    child,
    exited,
    async stop(graceMs = 15_000) {
      signalGroup(stopSignal);
      const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
  if (child.pid !== undefined) {
    const watching = observer;
    watching?.started(proc, stopSignal);
    void exited.then(() => watching?.exited(proc));
  }
  return proc;
}

/** Polls `probe` until it returns true, failing early if the process exits and after `timeoutMs`. */
export async function waitUntil(
  what: string,
  probe: () => Promise<boolean>,
  {
    timeoutMs,
    intervalMs = 500,
    process: proc,
  }: { timeoutMs: number; intervalMs?: number; process?: ManagedProcess },
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitedEarly = false;
  void proc?.exited.then(() => (exitedEarly = true));
  while (Date.now() < deadline) {
    if (exitedEarly) throw new Error(`${what}: the process exited before it was ready (see its log above)`);
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`${what}: not ready after ${Math.round(timeoutMs / 1000)} s`);
}

/** True when an HTTP GET of `url` answers with a 2xx status (within `timeoutMs`, else it throws). */
export async function httpOk(url: string, timeoutMs = 2000): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  await res.arrayBuffer();
  return res.ok;
}

/** True when something listens on `port` (a listen on every address fails with EADDRINUSE). */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      err.code === 'EADDRINUSE' ? resolve(true) : reject(err),
    );
    probe.listen(port, () => probe.close(() => resolve(false)));
  });
}
