/**
 * A first `npm start` without the model weights fetches them: each missing file from its public source at the
 * pinned commit (imaging/models/sources.ts, under TONGPAI_MODELS_BASE_URL), checked against its sha256 before it
 * takes its name, then SHA256SUMS. Offline, behind a proxy (Node's fetch does not use one) or on a wrong download
 * it stops with the manual steps, leaving no unverified file behind.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type ReadableStream } from 'node:stream/web';
import { checksumsFile, modelSources, sourceUrl, type ModelSource } from '../imaging/models/sources';
import { MissingPrerequisiteError } from './tools';

const exists = (file: string) =>
  fs.access(file).then(
    () => true,
    () => false,
  );

/** Fetches every model file missing from `dir`, then writes SHA256SUMS if it is missing; says what it does. */
export async function fetchMissingModels(
  dir: string,
  baseUrl: string,
  say: (line: string) => void,
): Promise<void> {
  const missing = [];
  for (const source of modelSources) if (!(await exists(path.join(dir, source.file)))) missing.push(source);
  const sums = path.join(dir, 'SHA256SUMS');
  if (!missing.length && (await exists(sums))) return;
  await fs.mkdir(dir, { recursive: true });
  say(
    `models: ${missing.length} of ${modelSources.length} model files missing from ${dir}: fetching them from ${baseUrl}`,
  );
  let bytes = 0;
  for (const [i, source] of missing.entries()) {
    bytes += await fetchVerified(dir, baseUrl, source);
    say(
      `models: [${i + 1}/${missing.length}] ${source.file} (${(bytes / 1e6).toFixed(1)} MB so far), sha256 verified`,
    );
  }
  if (!(await exists(sums))) await fs.writeFile(sums, checksumsFile());
}

/** Downloads one file beside its final name, renames it only once its sha256 matches; returns its size. */
async function fetchVerified(dir: string, baseUrl: string, source: ModelSource): Promise<number> {
  const url = sourceUrl(baseUrl, source);
  const target = path.join(dir, source.file);
  const partial = `${target}.partial-${process.pid}`;
  const hash = createHash('sha256');
  let size = 0;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(300_000) });
    if (!res.ok || !res.body) throw new Error(`HTTP ${res.status} ${res.statusText}`);
    await pipeline(
      Readable.fromWeb(res.body as ReadableStream),
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          hash.update(chunk);
          size += chunk.length;
          yield chunk;
        }
      },
      createWriteStream(partial),
    );
  } catch (err) {
    await fs.rm(partial, { force: true });
    const cause = (err as Error & { cause?: Error }).cause;
    throw fetchFailed(
      dir,
      `could not fetch ${source.file} from ${url}: ${cause?.message ?? (err as Error).message}`,
    );
  }
  const actual = hash.digest('hex');
  if (actual !== source.sha256) {
    await fs.rm(partial, { force: true });
    throw fetchFailed(
      dir,
      `${source.file} from ${url} is not the pinned file (sha256 ${actual}, expected ${source.sha256}): refused, nothing kept`,
    );
  }
  await fs.rename(partial, target);
  return size;
}

function fetchFailed(dir: string, reason: string): MissingPrerequisiteError {
  return new MissingPrerequisiteError(
    `${reason}.\nOffline or behind a proxy? Fetch the model weights by hand (README, "Model weights"), then start again:\n\n${manualSteps(dir)}`,
  );
}

/** The README's manual steps, for `dir`. */
export function manualSteps(dir: string): string {
  const raw = 'https://raw.githubusercontent.com';
  return [
    `mkdir -p ${dir} && cd ${dir}`,
    ...modelSources.map((s) => `curl -fLo ${s.file} ${sourceUrl(raw, s)}`),
    `cat > SHA256SUMS <<'SUMS'`,
    checksumsFile().trimEnd(),
    'SUMS',
    'sha256sum -c SHA256SUMS   # every line must say OK',
  ].join('\n');
}
