/** The drills in the order `npm run drill` and the integration test run them. */
import type { Drill } from '../run';
import { manualQueue } from './manual-queue';
import { postgresRestart } from './postgres-restart';
import { revocation } from './revocation';
import { targetDown } from './target-down';
import { temporalRestart } from './temporal-restart';
import { workerKill } from './worker-kill';

export const drills: Drill[] = [
  targetDown,
  workerKill,
  temporalRestart,
  postgresRestart,
  manualQueue,
  revocation,
];
