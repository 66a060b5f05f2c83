/** What the grant routes are configured with (config/index.ts: GRANT_*, REDEEM_RATE_*). */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { GrantPurpose } from '../../domain/grants';

export interface GrantSettings {
  /** The HMAC key authorisation codes are stored under. */
  codeKey: string;
  /** The purposes a citizen may choose from. */
  purposes: GrantPurpose[];
  maxExpirySeconds: number;
  maxReads: number;
  /** Redeems per minute: a client's default (its own row may set another) and one network address's. */
  redeemsPerMinute: { perClient: number; perAddress: number };
}

/**
 * Without GRANT_CODE_KEY (development): a key generated once into `<dataDir>/keys/grant-code.key` and kept, so
 * codes given out survive a restart. Production sets GRANT_CODE_KEY from its secret store.
 */
export function developmentGrantCodeKey(dataDir: string): string {
  const file = path.join(dataDir, 'keys', 'grant-code.key');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Written before (or by another API process starting at the same moment): that key it is.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return fs.readFileSync(file, 'utf8').trim();
}
