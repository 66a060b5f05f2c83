/**
 * ID numbers at rest (sensitive personal information under PIPL). Each is sealed with AES-256-GCM under a field
 * key derived (HKDF-SHA256) from a master key of the photo files' keyring (db/blob-keys.ts: the same
 * configuration, key ids and rotation), and stored as text:
 *
 *   "tpf1." key id "." base64url(nonce (12) | ciphertext | GCM tag (16))
 *
 * The GCM additional data binds the format and the field's name, so a value copied into another field fails.
 * Lookups never decrypt: they match the keyed person hash (db/person-hash.ts), one hash for every table.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { maskIdNumber } from '../domain/cases';
import type { BlobKeyring } from './blob-crypto';
import type { PersonHasher } from './person-hash';

const prefix = 'tpf1';
const nonceLength = 12;
const tagLength = 16;
const field = 'id_number';

export class SealedFieldError extends Error {
  override name = 'SealedFieldError';
}

/** The columns a case stores for its person's ID number: sealed, hashed for lookups, masked for lists. */
export interface SealedIdNumber {
  id_number_encrypted: string;
  id_number_hmac: string;
  id_number_masked: string;
}

export interface PersonCipher {
  hash: PersonHasher;
  /** The ID number, upper case as captured, sealed under the current master key. */
  seal(idNumber: string): string;
  /** The ID number in `sealed`; a SealedFieldError when it is altered or its master key is not configured. */
  open(sealed: string): string;
  /** The master key a sealed value names (rotation: values under another key than the current are re-sealed). */
  keyIdOf(sealed: string): string;
  /** The current master key's id. */
  currentKeyId: string;
  columns(idNumber: string): SealedIdNumber;
}

/** Sealed values under `keyId` start so: what the conversion matches to leave current ones alone. */
export const sealedPrefixOf = (keyId: string) => `${prefix}.${keyId}.`;

export function personCipher(keyring: BlobKeyring, hash: PersonHasher): PersonCipher {
  const fieldKeys = new Map<string, Buffer>();
  const fieldKey = (keyId: string) => {
    const master = keyring.keys.get(keyId);
    if (!master)
      throw new SealedFieldError(
        `an ID number is sealed under master key "${keyId}", which is not configured`,
      );
    let key = fieldKeys.get(keyId);
    if (!key) {
      // Derived, not the master key itself: the master key also wraps photo files' data keys (AES key wrap).
      key = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `tongpai ${prefix} person fields`, 32));
      fieldKeys.set(keyId, key);
    }
    return key;
  };
  const additionalData = Buffer.from(`${prefix}|${field}`, 'utf8');
  const parse = (sealed: string) => {
    const [format, keyId, body, ...rest] = sealed.split('.');
    if (format !== prefix || !keyId || !body || rest.length)
      throw new SealedFieldError('not a sealed ID number (tpf1.<key id>.<data>)');
    return { keyId, bytes: Buffer.from(body, 'base64url') };
  };
  const cipher: PersonCipher = {
    hash,
    currentKeyId: keyring.currentKeyId,
    seal(idNumber) {
      const nonce = randomBytes(nonceLength);
      const gcm = createCipheriv('aes-256-gcm', fieldKey(keyring.currentKeyId), nonce).setAAD(additionalData);
      const ciphertext = Buffer.concat([gcm.update(idNumber.trim().toUpperCase(), 'utf8'), gcm.final()]);
      const body = Buffer.concat([nonce, ciphertext, gcm.getAuthTag()]).toString('base64url');
      return `${sealedPrefixOf(keyring.currentKeyId)}${body}`;
    },
    open(sealed) {
      const { keyId, bytes } = parse(sealed);
      if (bytes.length < nonceLength + tagLength)
        throw new SealedFieldError('a sealed ID number is truncated');
      const gcm = createDecipheriv('aes-256-gcm', fieldKey(keyId), bytes.subarray(0, nonceLength));
      gcm.setAAD(additionalData).setAuthTag(bytes.subarray(bytes.length - tagLength));
      try {
        return Buffer.concat([
          gcm.update(bytes.subarray(nonceLength, bytes.length - tagLength)),
          gcm.final(),
        ]).toString('utf8');
      } catch {
        throw new SealedFieldError(
          `a sealed ID number fails its integrity check (altered, or another key "${keyId}")`,
        );
      }
    },
    keyIdOf: (sealed) => parse(sealed).keyId,
    columns: (idNumber) => ({
      id_number_encrypted: cipher.seal(idNumber),
      id_number_hmac: hash(idNumber),
      id_number_masked: maskIdNumber(idNumber.trim().toUpperCase()),
    }),
  };
  fieldKey(keyring.currentKeyId);
  return cipher;
}

/** A case's ID number for the roles that see it whole: from its sealed column, or a row not yet converted. */
export const idNumberOf = (
  cipher: PersonCipher,
  row: { id_number?: string | null; id_number_encrypted?: string | null },
): string => {
  if (row.id_number_encrypted) return cipher.open(row.id_number_encrypted);
  if (row.id_number) return row.id_number;
  throw new SealedFieldError('the case has no ID number');
};

/** A case's keyed person hash: stored since capture (0011, 0018), else made from a row not yet converted. */
export const personHashOf = (
  row: { id_number_hmac: string | null; id_number?: string | null; id_number_encrypted?: string | null },
  cipher: PersonCipher,
): string => row.id_number_hmac ?? cipher.hash(idNumberOf(cipher, row));
