/**
 * `npm run blobs:rewrap`: every photo file of the configured store (BLOB_STORE) under the current master key
 * (BLOB_MASTER_KEY_ID, else the last listed); see db/blob-rewrap.ts. Ctrl-C stops after the file in hand and
 * the next run resumes there. Exit 0 when every file is current, 1 when some could not be read.
 */
import path from 'node:path';
import { loadConfigOrExit } from '../config';
import { loadBlobKeyring } from './blob-keys';
import { rewrapBlobs } from './blob-rewrap';
import { configuredBlobBackend } from './blob-stores';

async function main() {
  const config = loadConfigOrExit();
  const keyring = loadBlobKeyring(config);
  const backend = configuredBlobBackend(config);
  const checkpointFile = path.join(config.TONGPAI_DATA_DIR, 'blob-rewrap.json');
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  console.log(`moving every photo file in ${backend.location} to master key "${keyring.currentKeyId}"`);
  const { counts, completed } = await rewrapBlobs({
    backend,
    keyring,
    checkpointFile,
    signal: stop.signal,
    log: (line) => console.log(line),
  });
  console.log(
    `${completed ? 'done' : `stopped; run again to resume (${checkpointFile})`}: ${counts.encrypted} plaintext files encrypted, ${counts.rewrapped} re-wrapped, ${counts.current} already current, ${counts.failed} unreadable`,
  );
  process.exit(counts.failed ? 1 : 0);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(2);
});
