/**
 * Starts the engines the system needs, each either local (embedded Postgres, Temporal CLI dev server, Keycloak
 * in dev mode, the Versity S3 gateway, all real) or an existing one named by configuration. Used by `npm start`
 * and the tests.
 */
import path from 'node:path';
import type { LineSink } from '../process';
import { ensureKeycloakDistribution, findJavaHome, startKeycloak } from './keycloak';
import { startEmbeddedPostgres } from './postgres';
import { ensureVersityGateway, startVersityGateway, type RunningS3 } from './s3';
import { ensureTemporalCli, startTemporalDevServer } from './temporal';

export interface EngineSpec {
  dataDir: string;
  cacheDir: string;
  database: string;
  postgres: { port: number } | { url: string };
  temporal: { port: number; uiPort?: number; cliVersion: string; namespace: string } | { address: string };
  keycloak:
    | {
        port: number;
        managementPort: number;
        version: string;
        adminPassword: string;
        javaHome?: string;
        realmFile: string;
      }
    | { url: string };
  /** The local S3 gateway, when the photo files go to S3 and no server is configured; none otherwise. */
  s3?: { port: number; version: string; bucket: string; accessKeyId: string; secretAccessKey: string };
  sink: LineSink;
}

export interface Engines {
  databaseUrl: string;
  temporalAddress: string;
  temporalUiUrl?: string;
  keycloakUrl: string;
  s3?: Omit<RunningS3, 'stop'>;
  stop(): Promise<void>;
}

interface Started<T> {
  value: T;
  stop?: () => Promise<void>;
}

export async function startEngines(spec: EngineSpec): Promise<Engines> {
  const { dataDir, cacheDir, sink } = spec;
  const log = (name: string) => (line: string) => sink(name, line, 'stdout');

  const postgres = async (): Promise<Started<string>> => {
    if ('url' in spec.postgres) return { value: spec.postgres.url };
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(dataDir, 'postgres'),
      port: spec.postgres.port,
      database: spec.database,
      sink,
    });
    return { value: pg.url, stop: pg.stop };
  };

  const temporal = async (): Promise<Started<{ address: string; uiUrl?: string }>> => {
    if ('address' in spec.temporal) return { value: { address: spec.temporal.address } };
    const { port, uiPort, cliVersion, namespace } = spec.temporal;
    const binary = await ensureTemporalCli(cacheDir, cliVersion, sink);
    const server = await startTemporalDevServer({
      binary,
      dbFile: path.join(dataDir, 'temporal', 'temporal.db'),
      port,
      ...(uiPort ? { uiPort } : {}),
      namespace,
      sink,
    });
    return {
      value: { address: server.address, ...(server.uiUrl ? { uiUrl: server.uiUrl } : {}) },
      stop: server.stop,
    };
  };

  const keycloak = async (): Promise<Started<string>> => {
    if ('url' in spec.keycloak) return { value: spec.keycloak.url };
    const { port, managementPort, version, adminPassword, javaHome, realmFile } = spec.keycloak;
    const home = await ensureKeycloakDistribution({ cacheDir, version, log: log('keycloak') });
    const server = await startKeycloak({
      home,
      javaHome: await findJavaHome(javaHome),
      port,
      managementPort,
      dataDir: path.join(dataDir, 'keycloak'),
      realmFile,
      adminPassword,
      sink,
    });
    return { value: server.url, stop: server.stop };
  };

  const s3 = async (): Promise<Started<Omit<RunningS3, 'stop'> | undefined>> => {
    if (!spec.s3) return { value: undefined };
    const { version, ...gateway } = spec.s3;
    const server = await startVersityGateway({
      binary: await ensureVersityGateway(cacheDir, version, sink),
      dir: path.join(dataDir, 's3'),
      ...gateway,
      sink,
    });
    return { value: { location: server.location, dir: server.dir }, stop: server.stop };
  };

  const results = await Promise.allSettled([postgres(), temporal(), keycloak(), s3()]);
  const stops = results.flatMap((r) => (r.status === 'fulfilled' && r.value.stop ? [r.value.stop] : []));
  const stopAll = async () => void (await Promise.allSettled(stops.map((stop) => stop())));
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  if (failures.length) {
    await stopAll();
    throw failures.length === 1
      ? failures[0]
      : new AggregateError(failures, failures.map((f) => f.message).join('; '));
  }
  const [pg, tp, kc, s3Server] = results.map(
    (r) => (r as PromiseFulfilledResult<Started<unknown>>).value.value,
  ) as [string, { address: string; uiUrl?: string }, string, Omit<RunningS3, 'stop'> | undefined];
  return {
    databaseUrl: pg,
    temporalAddress: tp.address,
    ...(tp.uiUrl ? { temporalUiUrl: tp.uiUrl } : {}),
    keycloakUrl: kc,
    ...(s3Server ? { s3: s3Server } : {}),
    stop: stopAll,
  };
}
