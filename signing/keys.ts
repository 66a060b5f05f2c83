/**
 * Ed25519 signing keys, one PEM file per key id in a folder (`<keyId>.key`, private, 0600). The active key
 * signs; every key's public half stays published so that photos and checkpoints signed before a rotation still
 * verify. A development machine gets a key generated on first start, kept with its data; production mounts
 * its keys and names the active one (SIGNING_KEY_ID), adding a new file to rotate.
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface PublicKeyInfo {
  keyId: string;
  algorithm: 'Ed25519';
  /** SubjectPublicKeyInfo, PEM. */
  publicKeyPem: string;
  /** The same key as a JWK (`kty: OKP`, `crv: Ed25519`), for verifiers that prefer it. */
  jwk: { kty: string; crv: string; x: string };
}

export interface KeyRing {
  activeKeyId: string;
  sign(data: Buffer): string;
  verify(keyId: string, data: Buffer, signatureBase64: string): boolean;
  publicKeys(): PublicKeyInfo[];
}

/** A key id: the signing keys' and the photo files' master keys'. */
export const keyIdPattern = /^[A-Za-z0-9._-]{1,64}$/;

export class SigningKeyError extends Error {
  override name = 'SigningKeyError';
}

function readKeys(dir: string): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  if (!fs.existsSync(dir)) return keys;
  for (const file of fs.readdirSync(dir).sort()) {
    if (!file.endsWith('.key')) continue;
    const keyId = file.slice(0, -'.key'.length);
    const key = createPrivateKey(fs.readFileSync(path.join(dir, file)));
    if (key.asymmetricKeyType !== 'ed25519')
      throw new SigningKeyError(`${file} is not an Ed25519 private key`);
    keys.set(keyId, key);
  }
  return keys;
}

/** A key id that sorts by creation: the newest key is the default active one. */
export const newKeyId = (now: Date) => `dev-${now.toISOString().slice(0, 19).replace(/[-:T]/g, '')}`;

export function generateSigningKey(dir: string, keyId = newKeyId(new Date())): string {
  if (!keyIdPattern.test(keyId)) throw new SigningKeyError(`invalid key id: ${keyId}`);
  const { privateKey } = generateKeyPairSync('ed25519');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(dir, `${keyId}.key`), privateKey.export({ type: 'pkcs8', format: 'pem' }), {
    mode: 0o600,
    flag: 'wx',
  });
  return keyId;
}

/**
 * Public keys only (`<keyId>.pub`, SPKI PEM, in `dir`): for a side that checks signatures and makes none, as the
 * government network checks the police side's certificates and exchange messages (docs/networks.md).
 */
export function loadVerifyingKeyRing(dir: string): KeyRing {
  const publicKeys = new Map<string, KeyObject>();
  for (const file of fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []) {
    if (!file.endsWith('.pub')) continue;
    const keyId = file.slice(0, -'.pub'.length);
    if (!keyIdPattern.test(keyId)) throw new SigningKeyError(`invalid key id: ${file}`);
    const key = createPublicKey(fs.readFileSync(path.join(dir, file)));
    if (key.asymmetricKeyType !== 'ed25519')
      throw new SigningKeyError(`${file} is not an Ed25519 public key`);
    publicKeys.set(keyId, key);
  }
  if (publicKeys.size === 0) throw new SigningKeyError(`no public keys (*.pub) in ${dir}`);
  return ringOf(publicKeys, '', () => {
    throw new SigningKeyError(`the keys in ${dir} are public only: this side signs nothing with them`);
  });
}

/**
 * The keys in `dir`; with `generateIfEmpty`, a first key is made there (development). The active key is
 * `activeKeyId` when given, else the newest by id.
 */
export function loadKeyRing(
  dir: string,
  { activeKeyId, generateIfEmpty = false }: { activeKeyId?: string; generateIfEmpty?: boolean } = {},
): KeyRing {
  let keys = readKeys(dir);
  if (keys.size === 0 && generateIfEmpty) {
    generateSigningKey(dir);
    keys = readKeys(dir);
  }
  if (keys.size === 0) throw new SigningKeyError(`no signing keys (*.key) in ${dir}`);
  const active = activeKeyId || [...keys.keys()].sort().at(-1)!;
  const activeKey = keys.get(active);
  if (!activeKey) throw new SigningKeyError(`the active signing key ${active} is not in ${dir}`);
  const publicKeys = new Map([...keys].map(([id, key]) => [id, createPublicKey(key)]));
  return ringOf(publicKeys, active, (data) => sign(null, data, activeKey).toString('base64'));
}

function ringOf(
  publicKeys: Map<string, KeyObject>,
  activeKeyId: string,
  signWithActive: (data: Buffer) => string,
): KeyRing {
  return {
    activeKeyId,
    sign: signWithActive,
    verify(keyId, data, signatureBase64) {
      const key = publicKeys.get(keyId);
      if (!key) return false;
      try {
        return verify(null, data, key, Buffer.from(signatureBase64, 'base64'));
      } catch {
        return false;
      }
    },
    publicKeys: () =>
      [...publicKeys].map(([keyId, key]) => {
        const jwk = key.export({ format: 'jwk' }) as { kty: string; crv: string; x: string };
        return {
          keyId,
          algorithm: 'Ed25519' as const,
          publicKeyPem: key.export({ type: 'spki', format: 'pem' }).toString(),
          jwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x },
        };
      }),
  };
}
