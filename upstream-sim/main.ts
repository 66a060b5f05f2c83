/**
 * The upstream simulator process (`npm start` runs it; `tsx upstream-sim/main.ts` alone works too): the
 * only stand-in for the four upstream libraries, never a real one. Production points every target at its
 * real endpoint (UPSTREAM_<TARGET>_URL) and does not run this.
 */
import pino from 'pino';
import { loadConfigOrExit } from '../config';
import { upstreamTargets, type UpstreamTarget } from '../domain/upstream';
import { simulatorName, startSimulator } from './server';

async function main() {
  const config = loadConfigOrExit();
  const log = pino({ level: config.LOG_LEVEL, base: { process: 'upstream-sim' } });
  const tokens = Object.fromEntries(upstreamTargets.map((t) => [t, config.upstream[t].token])) as Record<
    UpstreamTarget,
    string
  >;
  const simulator = await startSimulator({
    port: config.UPSTREAM_SIM_PORT,
    dataDir: config.upstreamSimDataDir,
    tokens,
    log,
  });
  log.info(
    { url: simulator.url, dataDir: config.upstreamSimDataDir, targets: upstreamTargets },
    `${simulatorName} listening on ${simulator.url}: /targets/<${upstreamTargets.join('|')}>, fault injection at /admin/faults`,
  );
  const stop = () => {
    void simulator.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
