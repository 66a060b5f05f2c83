/**
 * npm run drill [-- --cases N] [-- --only <name part>] — the fault drills (docs/drills.md) on a drill stack of
 * their own (PostgreSQL, Temporal, the upstream simulator, worker and API started here, in a temporary folder,
 * on free ports), with the Keycloak of the running stack (`npm start`, or KEYCLOAK_URL) for tokens. Prints,
 * per drill, the receipts counted per case and library. Exits 1 if any count is wrong.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../config';
import { httpOk } from '../process';
import { drills } from './drills';
import { drillTable, runDrills } from './run';
import { startDrillStack } from './stack';

const { values: args } = parseArgs({
  options: { cases: { type: 'string', default: '3' }, only: { type: 'string' } },
});

async function main(): Promise<number> {
  const config = loadConfig();
  const keycloakUrl = config.keycloakUrl;
  if (!(await httpOk(`${keycloakUrl}/realms/${config.KEYCLOAK_REALM}`).catch(() => false))) {
    console.error(
      `Keycloak is not answering at ${keycloakUrl}: start the stack (npm start) or set KEYCLOAK_URL to a Keycloak with the tongpai realm.`,
    );
    return 2;
  }
  const say = (line: string) => console.log(line);
  const selected = drills.filter((d) => !args.only || d.name.includes(args.only));
  say(
    `machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'CPU'}, load average ${os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}; Keycloak ${keycloakUrl}; ${selected.length} drills, ${args.cases} cases each`,
  );
  say('starting the drill stack (PostgreSQL, Temporal, upstream simulator, worker, API)...');
  const started = performance.now();
  const stack = await startDrillStack({ keycloakUrl });
  say(`drill stack up in ${((performance.now() - started) / 1000).toFixed(0)} s (logs: ${stack.logDir})`);
  let ok = false;
  try {
    const results = await runDrills(selected, { stack, cases: Number(args.cases), say });
    say(`\n${new Date().toISOString()}\n\n${drillTable(results)}\n`);
    ok = results.every((r) => r.ok);
  } finally {
    await stack.stop({ keepFiles: !ok });
    if (!ok) say(`logs kept in ${stack.logDir}`);
  }
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
