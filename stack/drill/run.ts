/**
 * Runs drills one after another on one drill stack and counts each: its cases' workflows must all have
 * completed (Temporal's side) and every case must hold exactly one receipt per library (./count.ts).
 */
import { Client, Connection } from '@temporalio/client';
import { upstreamTargets } from '../../domain/upstream';
import { photoWorkflowId, recallWorkflowId, upstreamWorkflowId } from '../../workflows/contracts';
import { waitUntil } from '../process';
import { countIsRight, countReceipts, type DrillCount } from './count';
import type { DrillStack } from './stack';

export interface DrillContext {
  stack: DrillStack;
  /** How many cases the drill captures. */
  cases: number;
  say(line: string): void;
}

export interface DrillOutcome {
  caseIds: string[];
  /** What the fault did, for the table (e.g. "id_card refused 3 attempts of each submission"). */
  happened: string;
  /** Whether the drill recalled its cases (then recalls are counted too). */
  recalls?: boolean;
}

export interface Drill {
  name: string;
  run(context: DrillContext): Promise<DrillOutcome>;
}

export interface DrillResult {
  name: string;
  seconds: number;
  count?: DrillCount;
  happened?: string;
  error?: string;
  ok: boolean;
}

/** Waits until every workflow of the cases (lifecycle, submissions, recalls if any) has completed. */
async function waitForWorkflows(stack: DrillStack, { caseIds, recalls }: DrillOutcome): Promise<void> {
  const ids = caseIds.flatMap((id) => [
    photoWorkflowId(id),
    ...upstreamTargets.map((t) => upstreamWorkflowId(id, t)),
    ...(recalls ? upstreamTargets.map((t) => recallWorkflowId(id, t)) : []),
  ]);
  const connection = await Connection.connect({ address: stack.temporalAddress });
  try {
    const client = new Client({ connection });
    let open = ids;
    let failed: (readonly [string, string])[] = [];
    await waitUntil(
      'every workflow of the cases to complete',
      async () => {
        const statuses = await Promise.all(
          open.map(async (id) => [id, (await client.workflow.getHandle(id).describe()).status.name] as const),
        );
        failed = statuses.filter(([, status]) => status !== 'RUNNING' && status !== 'COMPLETED');
        open = statuses.filter(([, status]) => status === 'RUNNING').map(([id]) => id);
        return open.length === 0 || failed.length > 0;
      },
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    if (failed.length) throw new Error(`workflows ended otherwise than completed: ${JSON.stringify(failed)}`);
  } finally {
    await connection.close();
  }
}

export async function runDrill(drill: Drill, context: DrillContext): Promise<DrillResult> {
  const started = performance.now();
  const seconds = () => Math.round((performance.now() - started) / 100) / 10;
  try {
    await context.stack.clearFaults();
    const outcome = await drill.run(context);
    await waitForWorkflows(context.stack, outcome);
    const count = await countReceipts(context.stack, outcome.caseIds, { recalls: outcome.recalls === true });
    return {
      name: drill.name,
      seconds: seconds(),
      count,
      happened: outcome.happened,
      ok: countIsRight(count),
    };
  } catch (err) {
    return { name: drill.name, seconds: seconds(), error: (err as Error).message, ok: false };
  }
}

export async function runDrills(drills: Drill[], context: DrillContext): Promise<DrillResult[]> {
  const results: DrillResult[] = [];
  for (const drill of drills) {
    context.say(`drill: ${drill.name}...`);
    const result = await runDrill(drill, context);
    context.say(
      `  ${result.ok ? 'ok' : 'FAILED'} in ${result.seconds} s${result.error ? `: ${result.error}` : ''}`,
    );
    results.push(result);
  }
  return results;
}

/** The results as a Markdown table: drill, cases, expected receipts, receipts, duplicates, lost, time. */
export function drillTable(results: DrillResult[]): string {
  const lines = [
    '| drill | cases | expected receipts | receipts | duplicates | lost | repeats answered with the receipt | recalls (expected / made / duplicates / lost) | time | what the fault did |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    const c = r.count;
    const recalls = c?.recalls
      ? `${c.recalls.expected} / ${c.recalls.recalled} / ${c.recalls.duplicates} / ${c.recalls.lost}`
      : '—';
    const cells = c
      ? [c.cases, c.expected, c.receipts, c.duplicates, c.lost, c.replays, recalls]
      : ['—', '—', '—', '—', '—', '—', '—'];
    const what = r.error ? `FAILED: ${r.error}` : `${r.ok ? '' : 'WRONG COUNT: '}${r.happened}`;
    lines.push(
      `| ${[r.name, ...cells, `${r.seconds.toFixed(1)} s`, what.replace(/\|/g, '\\|')].join(' | ')} |`,
    );
  }
  return lines.join('\n');
}
