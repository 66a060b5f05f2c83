/**
 * The S3-compatible store: the Versity S3 gateway (Apache-2.0) over a POSIX folder, each bucket a folder and
 * each object a file in it, built once with `go install` into the cache. Started by the tests always and by
 * `npm start` when BLOB_STORE=s3 names no S3_ENDPOINT.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { ensureBucket, type S3Location } from '../../db/s3-blob-backend';
import { startProcess, waitUntil, type LineSink } from '../process';
import { ensureGoBinary } from '../tools';

export function ensureVersityGateway(cacheDir: string, version: string, sink: LineSink): Promise<string> {
  return ensureGoBinary({
    module: 'github.com/versity/versitygw/cmd/versitygw',
    version,
    binDir: path.join(cacheDir, 'versitygw', version),
    name: 's3',
    howToAvoid: 'set S3_ENDPOINT (with its keys) to an existing S3-compatible server',
    sink,
  });
}

export interface RunningS3 {
  location: S3Location;
  /** The gateway's POSIX root: `<dir>/<bucket>/<object key>` is each object's file. */
  dir: string;
  stop(): Promise<void>;
}

/** Starts the gateway on loopback with a single account and answers once `bucket` exists. */
export async function startVersityGateway(options: {
  binary: string;
  dir: string;
  port: number;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  sink: LineSink;
}): Promise<RunningS3> {
  const { binary, dir, port, bucket, accessKeyId, secretAccessKey, sink } = options;
  await fs.mkdir(dir, { recursive: true });
  const args = [
    '--access',
    accessKeyId,
    '--secret',
    secretAccessKey,
    '--port',
    `127.0.0.1:${port}`,
    'posix',
    dir,
  ];
  const server = startProcess('s3', binary, args, { sink });
  const location: S3Location = {
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    bucket,
    accessKeyId,
    secretAccessKey,
    forcePathStyle: true,
  };
  await waitUntil('S3 gateway', () => ensureBucket(location).then(() => true), {
    timeoutMs: 30_000,
    intervalMs: 200,
    process: server,
  });
  return { location, dir, stop: () => server.stop() };
}
