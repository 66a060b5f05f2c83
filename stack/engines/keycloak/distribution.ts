/** The Keycloak distribution: downloaded once from Maven Central, verified, extracted into the cache. */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { promisify } from 'node:util';
import { KeycloakError } from './errors';

const mavenCentral = 'https://repo1.maven.org/maven2/org/keycloak/keycloak-quarkus-dist';
/** sha512 of the tar.gz of the versions we pinned; other versions are checked against Maven Central's `.sha512`. */
const pinnedSha512: Record<string, string> = {
  '26.7.3':
    '664c8ac2997d94b69825af70acc3a6017a7a53a1504a6e21b2d82a04e5f53593b30cabdf80ffe3eb661f13442a57fbc15c4186a1899f2841e8145532e5ae7e1c',
};
/** Written into an extracted distribution last: a folder without it is an interrupted extraction. */
const completeMarker = '.tongpai-complete';
/** Suffix of files and folders being written by process <pid>; left behind only if that process died. */
export const partialSuffix = (pid: number) => `.${pid}.partial`;

export interface DistributionOptions {
  cacheDir: string;
  version: string;
  log: (message: string) => void;
}

/** Downloads, verifies and extracts keycloak-quarkus-dist `version` into `<cacheDir>/keycloak` unless it is there; returns its home. */
export async function ensureKeycloakDistribution({
  cacheDir,
  version,
  log,
}: DistributionOptions): Promise<string> {
  const dir = path.join(cacheDir, 'keycloak');
  const home = path.join(dir, `keycloak-${version}`);
  if (existsSync(path.join(home, completeMarker))) return home;

  await fs.mkdir(dir, { recursive: true });
  await removeAbandoned(dir);
  const name = `keycloak-quarkus-dist-${version}.tar.gz`;
  const url = `${mavenCentral}/${version}/${name}`;
  const tarball = path.join(dir, name);
  const expected = pinnedSha512[version] ?? (await publishedSha512(url));
  if (!existsSync(tarball) || (await sha512Of(tarball)) !== expected)
    await download(url, tarball, expected, log);

  const staging = path.join(dir, `extract-${version}${partialSuffix(process.pid)}`);
  await fs.mkdir(staging, { recursive: true });
  try {
    log(`extracting ${name} into ${dir}...`);
    await promisify(execFile)('tar', ['--no-same-owner', '-xzf', tarball, '-C', staging]).catch(
      (err: Error) => {
        throw new KeycloakError('EXTRACT_FAILED', `could not extract ${tarball} with tar: ${err.message}`);
      },
    );
    const extracted = path.join(staging, `keycloak-${version}`);
    if (!existsSync(path.join(extracted, 'bin', 'kc.sh')))
      throw new KeycloakError('EXTRACT_FAILED', `${tarball} does not contain keycloak-${version}/bin/kc.sh`);
    await fs.writeFile(path.join(extracted, completeMarker), `${expected}\n`);
    // Another process may have finished the same extraction meanwhile: then keep that one.
    if (!existsSync(path.join(home, completeMarker))) {
      await fs.rm(home, { recursive: true, force: true });
      await fs.rename(extracted, home);
    }
  } finally {
    await fs.rm(staging, { recursive: true, force: true });
  }
  return home;
}

async function publishedSha512(url: string): Promise<string> {
  const text = await fetch(`${url}.sha512`)
    .then((res) => (res.ok ? res.text() : Promise.reject(new Error(`HTTP ${res.status}`))))
    .catch((err: Error) => {
      throw new KeycloakError(
        'DOWNLOAD_FAILED',
        `could not fetch ${url}.sha512 from Maven Central: ${err.message}`,
      );
    });
  const sha512 = text.trim().split(/\s+/)[0] ?? '';
  if (!/^[0-9a-f]{128}$/.test(sha512))
    throw new KeycloakError('DOWNLOAD_FAILED', `${url}.sha512 is not a sha512 digest`);
  return sha512;
}

async function sha512Of(file: string): Promise<string> {
  const hash = createHash('sha512');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/** Streams `url` into `dest` through a partial file, reporting every tenth, and keeps it only if its sha512 matches. */
async function download(url: string, dest: string, expectedSha512: string, log: (message: string) => void) {
  const partial = dest + partialSuffix(process.pid);
  try {
    const res = await fetch(url);
    if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
    const total = Number(res.headers.get('content-length')) || 0;
    const megabytes = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
    log(`downloading ${url} (${total ? megabytes(total) : 'size unknown'})...`);
    const hash = createHash('sha512');
    let received = 0;
    let reportedTenths = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        received += chunk.length;
        const tenths = total ? Math.floor((received / total) * 10) : 0;
        if (tenths > reportedTenths && tenths < 10)
          log(`downloading: ${tenths * 10}% of ${megabytes(total)}`);
        reportedTenths = Math.max(reportedTenths, tenths);
        done(null, chunk);
      },
    });
    await pipeline(Readable.fromWeb(res.body as WebReadableStream), meter, createWriteStream(partial));
    const actual = hash.digest('hex');
    if (actual !== expectedSha512)
      throw new KeycloakError(
        'CHECKSUM_MISMATCH',
        `${url}: sha512 ${actual} does not match the expected ${expectedSha512}`,
      );
    await fs.rename(partial, dest);
    log(`downloaded ${megabytes(received)}, sha512 verified`);
  } catch (err) {
    await fs.rm(partial, { force: true });
    if (err instanceof KeycloakError) throw err;
    throw new KeycloakError('DOWNLOAD_FAILED', `could not download ${url}: ${(err as Error).message}`);
  }
}

/** Removes partial downloads, extractions and build copies whose process is gone. */
export async function removeAbandoned(dir: string) {
  for (const entry of await fs.readdir(dir)) {
    const pid = Number(/\.(\d+)\.partial$/.exec(entry)?.[1]);
    if (pid && !isRunning(pid)) await fs.rm(path.join(dir, entry), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
