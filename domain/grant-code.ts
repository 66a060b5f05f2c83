/**
 * Authorisation codes of photo grants: 12 Crockford base32 characters (60 random bits) and Crockford's mod-37
 * check symbol, shown as `XXXX-XXXX-XXXX-C`. The check symbol catches every single mistyped character and every
 * swap of two neighbours before the code is sent; reading is forgiving (case, hyphens and spaces, I/L for 1,
 * O for 0). The server keeps only a keyed hash (HMAC-SHA256), so its database alone redeems nothing.
 */
import { createHmac, randomBytes } from 'node:crypto';

const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** Crockford's check symbols: the 32 data symbols, then `*~$=U` for the values 32 to 36. */
const checkSymbols = `${alphabet}*~$=U`;
export const codeDataLength = 12;
export const codeBits = codeDataLength * 5;
export const grantCodePattern =
  /^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z*~$=U]$/;

const valueOf = (data: string): bigint =>
  [...data].reduce((n, ch) => n * 32n + BigInt(alphabet.indexOf(ch)), 0n);

export const checkSymbol = (data: string): string => checkSymbols[Number(valueOf(data) % 37n)]!;

const grouped = (code: string) => `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}-${code[12]}`;

/** A new code as the citizen sees it (grouped). */
export function generateGrantCode(): string {
  const bytes = randomBytes(8);
  let n = bytes.readBigUInt64BE() >> BigInt(64 - codeBits);
  let data = '';
  for (let i = 0; i < codeDataLength; i++) {
    data = alphabet[Number(n & 31n)] + data;
    n >>= 5n;
  }
  return grouped(data + checkSymbol(data));
}

export type ParsedGrantCode = { ok: true; code: string } | { ok: false; problem: 'format' | 'check' };

/** Reads what a person typed: the code in its grouped form, or why it cannot be one (no lookup needed). */
export function parseGrantCode(typed: string): ParsedGrantCode {
  const compact = typed.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (compact.length !== codeDataLength + 1) return { ok: false, problem: 'format' };
  const data = compact.slice(0, codeDataLength);
  const check = compact[codeDataLength]!;
  if ([...data].some((ch) => !alphabet.includes(ch)) || !checkSymbols.includes(check))
    return { ok: false, problem: 'format' };
  if (checkSymbol(data) !== check) return { ok: false, problem: 'check' };
  return { ok: true, code: grouped(compact) };
}

/** The keyed hash stored for a code (hex). */
export const hashGrantCode = (key: string, code: string): string =>
  createHmac('sha256', key).update(code).digest('hex');
