/**
 * What `npm start` leaves in `<data>/run/` while it runs: one record per process group it started (the name, the
 * leader's pid, when that process started and the signal that stops it). A record outlives its process only when
 * the orchestrator and its keeper were both killed; the next start then knows which processes are this data
 * folder's, and the pid and start time together make sure a pid the system has since reused is never taken for one.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface RunRecord {
  name: string;
  pid: number;
  /** The process's start time as ps prints it (lstart), which a reused pid does not share. */
  started: string;
  stopSignal: NodeJS.Signals;
}

export interface ProcessRow {
  pid: number;
  pgid: number;
  started: string;
  args: string;
}

/** The record of the orchestrator itself: while it lives, its processes are not leftovers. */
export const orchestratorRecordName = 'tongpai';

export const runDir = (dataDir: string) => path.join(dataDir, 'run');
const recordFile = (dataDir: string, record: Pick<RunRecord, 'name' | 'pid'>) =>
  path.join(runDir(dataDir), `${record.name}-${record.pid}.json`);

export function writeRecord(dataDir: string, record: RunRecord): void {
  mkdirSync(runDir(dataDir), { recursive: true });
  writeFileSync(recordFile(dataDir, record), JSON.stringify(record) + '\n');
}

export function removeRecord(dataDir: string, record: Pick<RunRecord, 'name' | 'pid'>): void {
  rmSync(recordFile(dataDir, record), { force: true });
}

export function readRecords(dataDir: string): { file: string; record: RunRecord | undefined }[] {
  let names: string[];
  try {
    names = readdirSync(runDir(dataDir)).filter((name) => name.endsWith('.json'));
  } catch {
    return [];
  }
  return names.map((name) => {
    const file = path.join(runDir(dataDir), name);
    try {
      return { file, record: JSON.parse(readFileSync(file, 'utf8')) as RunRecord };
    } catch {
      return { file, record: undefined };
    }
  });
}

/**
 * Every process on the machine (ps: Linux and macOS), or only `pid`. Zombies are left out: one has exited and
 * waits for its parent to collect it (an orchestrator killed a moment ago), so it holds nothing and runs nothing.
 */
export function processTable(pid?: number): ProcessRow[] {
  const select = pid === undefined ? ['-e'] : ['-p', String(pid)];
  let text: string;
  try {
    text = execFileSync('ps', [...select, '-o', 'pid=,pgid=,stat=,lstart=,args='], {
      env: { ...process.env, LC_ALL: 'C' },
      encoding: 'utf8',
    });
  } catch {
    return []; // ps -p exits 1 when the process does not exist
  }
  return text.split('\n').flatMap((line) => {
    const match = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(\S+\s+\S+\s+\S+\s+\S+\s+\S+)\s+(.*)$/.exec(line);
    if (!match || match[3]!.startsWith('Z')) return [];
    return [
      {
        pid: Number(match[1]),
        pgid: Number(match[2]),
        started: match[4]!.replace(/\s+/g, ' '),
        args: match[5]!,
      },
    ];
  });
}
