/**
 * `npm run histories:record -- <workflowId> [name]`: saves the event history of a workflow on a running Temporal
 * (TEMPORAL_ADDRESS, else the local dev server) as workflows/histories/<name>.json, which the replay test
 * (workflows/replay.test.ts) replays with the current workflow code. Record from real runs on demo data only.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { format } from 'prettier';
import { loadConfig } from '../../config';
import { historiesDir, historyToJson } from './history-json';

/** Writes the history of `workflowId` to `<historiesDir>/<name>.json`; returns the file and its number of events. */
export async function recordHistory(
  client: Client,
  workflowId: string,
  name: string,
): Promise<{ file: string; events: number }> {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name))
    throw new Error(`history name ${JSON.stringify(name)}: use letters, digits, dots, dashes, underscores`);
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const file = path.join(historiesDir, `${name}.json`);
  await fs.writeFile(file, await format(anonymised(historyToJson(history)), { filepath: file }));
  return { file, events: history.events?.length ?? 0 };
}

/** Protobuf maps, which the server sends in any order: sorted, so that recording a history again changes nothing. */
const protoMaps = new Set(['indexedFields', 'metadata', 'fields']);

/**
 * Without what tells where it ran: identities (`<pid>@<host name>`, also part of sticky task queue names) and
 * stack traces (file paths) may name a person's machine or account. Replay reads neither.
 */
function anonymised(json: unknown): string {
  const identities = new Set<string>();
  JSON.stringify(json, (key, value: unknown) => {
    if (key === 'identity' && typeof value === 'string' && value) identities.add(value);
    return value;
  });
  return JSON.stringify(json, (key, value: unknown) => {
    if (protoMaps.has(key) && value && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
    if (typeof value !== 'string') return value;
    if (key === 'identity') return 'recorded';
    if (key === 'stackTrace') return '';
    return [...identities].reduce((text, identity) => text.replaceAll(identity, 'recorded'), value);
  });
}

async function main() {
  const [workflowId, name = workflowId] = process.argv.slice(2);
  if (!workflowId) {
    console.error('usage: npm run histories:record -- <workflowId> [name]');
    process.exit(64);
  }
  const config = loadConfig();
  const connection = await Connection.connect({ address: config.temporalAddress });
  try {
    const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
    const { file, events } = await recordHistory(client, workflowId, name!);
    console.log(`wrote ${path.relative(process.cwd(), file)} (${events} events of ${workflowId})`);
  } finally {
    await connection.close();
  }
}

if (require.main === module)
  main().catch((err: unknown) => {
    console.error((err as Error).message);
    process.exit(1);
  });
