/**
 * The fault drills (stack/drill, docs/drills.md) on a stack of their own: PostgreSQL and the Temporal dev
 * server restarted by the drills are this file's, never the engines the other test files share; Keycloak is
 * the test run's, only read. Each drill ends with the count: every case has exactly one receipt per library,
 * the same in the library's store and in Tongpai's records, none lost, none twice.
 */
import { testEngineEnv } from '../stack/jest/test-env';
import { countIsRight } from '../stack/drill/count';
import { drills } from '../stack/drill/drills';
import { drillTable, runDrill, type DrillResult } from '../stack/drill/run';
import { startDrillStack, type DrillStack } from '../stack/drill/stack';

jest.setTimeout(180_000);

let stack: DrillStack;
const results: DrillResult[] = [];

beforeAll(async () => {
  stack = await startDrillStack({ keycloakUrl: testEngineEnv('keycloakUrl') });
});

afterAll(async () => {
  if (results.length) console.log(drillTable(results));
  const failed = results.some((r) => !r.ok);
  await stack?.stop({ keepFiles: failed });
  if (failed) console.log(`drill logs kept in ${stack.logDir}`);
});

test.each(drills.map((d) => [d.name, d] as const))(
  '%s: one receipt per case and library',
  async (_, drill) => {
    const result = await runDrill(drill, { stack, cases: 2, say: () => undefined });
    results.push(result);
    expect(result.error).toBeUndefined();
    const count = result.count!;
    expect(count).toMatchObject({ receipts: count.expected, duplicates: 0, lost: 0 });
    if (count.recalls)
      expect(count.recalls).toMatchObject({ recalled: count.recalls.expected, duplicates: 0, lost: 0 });
    expect(countIsRight(count)).toBe(true);
  },
);
