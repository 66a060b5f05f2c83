/**
 * tongpai-audit: the audit trail from the command line.
 *
 *   tongpai-audit verify [--keys <dir>] [--page-size N]   verify every chain and checkpoint (recorded as `audit.verified`)
 *   tongpai-audit checkpoints [--keys <dir>]              the signed checkpoints as JSON lines, for publishing
 *   tongpai-audit verify-export <file> [--public-keys <file|URL>]
 *                                                        check a signed photo history (GET .../history/export)
 *
 * Connects with DATABASE_URL; the signing keys are read from SIGNING_KEYS_DIR (or --keys). Exit 0 when the
 * trail is intact (or the checkpoints were printed), 1 when it is broken, 2 on a usage or connection error.
 * verify-export needs no database: it checks the export's signature against the published public keys (the
 * JSON of GET /api/v1/certification/keys, as a file or its URL), else the keys in SIGNING_KEYS_DIR; exit 0
 * when it holds, 1 when the export was changed or its key is unknown.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { Knex } from 'knex';
import { loadConfig } from '../config';
import fs from 'node:fs/promises';
import { loadKeyRing, type PublicKeyInfo } from '../signing/keys';
import { verifySignedHistory } from '../signing/signed-history';
import { signedCheckpoints, type AuditProblem } from './audit-verify';
import { runAuditVerification } from './audit-verifications';
import { createDb } from './knex';

const usage = `usage:
  tongpai-audit verify [--keys <dir>] [--page-size N]
  tongpai-audit checkpoints
  tongpai-audit verify-export <file> [--public-keys <file|URL>]`;

class UsageError extends Error {}

export function describeProblem(problem: AuditProblem): string {
  switch (problem.kind) {
    case 'broken_link':
      return `broken link: stream ${problem.stream} seq ${problem.seq} (entry id ${problem.eventId})`;
    case 'missing_head':
      return `missing entry: stream ${problem.stream} seq ${problem.seq}, signed by checkpoint ${problem.checkpointId}`;
    case 'bad_checkpoint':
      return `bad checkpoint ${problem.checkpointId}: ${problem.reason}`;
    case 'covered_entries_changed':
      return `entries changed under checkpoint ${problem.checkpointId}: signed ${problem.signedEvents}, found ${problem.events}`;
  }
}

async function verify(db: Knex, args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { keys: { type: 'string' }, 'page-size': { type: 'string' } },
  });
  const pageSize = values['page-size'] === undefined ? undefined : Number(values['page-size']);
  if (pageSize !== undefined && !(Number.isInteger(pageSize) && pageSize > 0))
    throw new UsageError('--page-size must be a positive integer');
  const keys = loadKeyRing(values.keys ?? loadConfig().signingKeysDir);
  const run = await runAuditVerification(db, keys, `cli:${os.userInfo().username}`, { pageSize });
  console.log(`entries checked:     ${run.events} in ${run.streams} streams`);
  console.log(`checkpoints checked: ${run.checkpoints} (last ${run.lastCheckpointAt ?? 'none'})`);
  console.log(run.problem ? `BROKEN: ${describeProblem(run.problem)}` : 'intact');
  return run.ok ? 0 : 1;
}

async function checkpoints(db: Knex, args: string[]): Promise<number> {
  parseArgs({ args, options: {} });
  for (let afterId = '0'; ;) {
    const page = await signedCheckpoints(db, { afterId });
    for (const checkpoint of page) console.log(JSON.stringify(checkpoint));
    if (page.length === 0) return 0;
    afterId = page.at(-1)!.id;
  }
}

async function publishedKeys(source: string | undefined): Promise<PublicKeyInfo[]> {
  if (!source) return loadKeyRing(loadConfig().signingKeysDir).publicKeys();
  const text = /^https?:\/\//.test(source)
    ? await (await fetch(source)).text()
    : await fs.readFile(source, 'utf8');
  return (JSON.parse(text) as { keys: PublicKeyInfo[] }).keys;
}

async function verifyExport(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { 'public-keys': { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new UsageError('name one exported file');
  const envelope: unknown = JSON.parse(await fs.readFile(positionals[0]!, 'utf8'));
  const check = verifySignedHistory(envelope, await publishedKeys(values['public-keys']));
  if (!check.ok) {
    console.log(`NOT VALID: ${check.reason}`);
    return 1;
  }
  const { history } = check;
  console.log(`valid: signed with key ${check.keyId}`);
  console.log(
    `case ${history.caseId}: ${history.entries.length} entries, generated ${history.generatedAt} by ${history.generatedBy}`,
  );
  return 0;
}

async function main([command, ...args]: string[]): Promise<number> {
  if (command === 'verify-export')
    return verifyExport(args).catch((err: unknown) => {
      console.error(`tongpai-audit: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
      if (err instanceof UsageError) console.error(usage);
      return 2;
    });
  const run = { verify, checkpoints }[command as 'verify'];
  if (!run) {
    console.error(usage);
    return 2;
  }
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('tongpai-audit: DATABASE_URL is not set');
    return 2;
  }
  // One connection holds the verification's lock (db/session-lock.ts) while the others verify.
  const db = createDb(url, { min: 0, max: 3 });
  try {
    return await run(db, args);
  } catch (err) {
    console.error(`tongpai-audit: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    if (err instanceof UsageError) console.error(usage);
    return 2;
  } finally {
    await db.destroy();
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
