/**
 * `npm start`'s guard over the processes it starts: a record of each in `<data>/run/` (stack/run-records.ts) and
 * the keeper (stack/keeper.js), a detached process holding a pipe from the orchestrator that stops them all when
 * the orchestrator is gone, SIGKILL included. Why a keeper and not non-detached children: the kernel does not stop
 * children when their parent dies, and the engines must sit in process groups of their own so that Ctrl-C reaches
 * the orchestrator, which stops the apps before the engines, rather than every engine at once.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { observeProcesses, type ManagedProcess } from './process';
import { orchestratorRecordName, processTable, removeRecord, writeRecord } from './run-records';

export interface Guard {
  /** Stops every process still running that was started since the guard began (engines still starting too). */
  stopRemaining(): Promise<void>;
  /** Ends the keeper (nothing is left for it) and waits for it to exit. */
  close(): Promise<void>;
}

export function startGuard(dataDir: string, logDir: string, warn: (line: string) => void): Guard {
  const keeper = spawn(
    process.execPath,
    [path.join(__dirname, 'keeper.js'), path.join(logDir, 'keeper.log')],
    {
      detached: true,
      stdio: ['pipe', 'ignore', 'ignore'],
    },
  );
  keeper.unref();
  const keeperExited = new Promise<void>((resolve) => keeper.once('exit', () => resolve()));
  let keeperLost = false;
  keeper.stdin!.on('error', (err) => {
    if (!keeperLost)
      warn(`the keeper is gone (${err.message}): a kill -9 of npm start would now strand its processes`);
    keeperLost = true;
  });
  const tell = (line: string) => {
    if (!keeperLost) keeper.stdin!.write(line + '\n');
  };

  const record = (proc: { name: string; pid: number }, stopSignal: NodeJS.Signals) => {
    const started = processTable(proc.pid)[0]?.started;
    if (started) writeRecord(dataDir, { ...proc, started, stopSignal });
  };
  record({ name: orchestratorRecordName, pid: process.pid }, 'SIGTERM');

  const running = new Map<number, ManagedProcess>();
  observeProcesses({
    started(proc, stopSignal) {
      const pid = proc.child.pid!;
      running.set(pid, proc);
      tell(`+ ${pid} ${stopSignal} ${proc.name}`);
      record({ name: proc.name, pid }, stopSignal);
    },
    exited(proc) {
      const pid = proc.child.pid!;
      running.delete(pid);
      tell(`- ${pid}`);
      removeRecord(dataDir, { name: proc.name, pid });
    },
  });

  return {
    async stopRemaining() {
      await Promise.allSettled([...running.values()].map((proc) => proc.stop()));
    },
    async close() {
      observeProcesses(undefined);
      keeper.stdin!.end();
      removeRecord(dataDir, { name: orchestratorRecordName, pid: process.pid });
      await Promise.race([keeperExited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    },
  };
}
