/** The API process: wiring only. */
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { loadConfigOrExit } from '../config';
import { startTracing } from '../observability/tracing';
import { createApp } from './app';
import { apiDeps } from './deps';

async function main() {
  const config = loadConfigOrExit();
  const log = pino({ level: config.LOG_LEVEL });
  const tracing = startTracing('tongpai-api', config.otlpTracesUrl, log);
  const connection = await Connection.connect({ address: config.temporalAddress });
  const temporal = new Client({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    interceptors: tracing.clientInterceptors,
  });
  const { deps, close } = await apiDeps(config, { temporal, log, tracer: tracing.tracer });
  const server = createApp(deps).listen(config.API_PORT, () =>
    log.info(`API listening on http://localhost:${config.API_PORT}`),
  );
  const shutdown = () => {
    server.close(
      () => void Promise.all([connection.close(), close(), tracing.shutdown()]).then(() => process.exit(0)),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
