/**
 * Each network signs what it pushes with its own Ed25519 exchange key (a ring as in signing/keys.ts, the active
 * key named by EXCHANGE_KEY_ID) and knows only the public keys of the other side (`<keyId>.pub` PEM files in
 * EXCHANGE_PEER_KEYS_DIR). The signature covers the exact bytes of the request body.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { keyIdPattern, SigningKeyError } from '../signing/keys';

export const keyIdHeader = 'tongpai-exchange-key-id';
export const signatureHeader = 'tongpai-exchange-signature';

export type PeerKeys = (keyId: string, body: Buffer, signatureBase64: string) => boolean;

export function peerKeysFrom(keys: Map<string, KeyObject>): PeerKeys {
  return (keyId, body, signatureBase64) => {
    const key = keys.get(keyId);
    if (!key) return false;
    try {
      return verify(null, body, key, Buffer.from(signatureBase64, 'base64'));
    } catch {
      return false;
    }
  };
}

export function loadPeerKeys(dir: string): PeerKeys {
  const keys = new Map<string, KeyObject>();
  for (const file of fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []) {
    if (!file.endsWith('.pub')) continue;
    const keyId = file.slice(0, -'.pub'.length);
    if (!keyIdPattern.test(keyId)) throw new SigningKeyError(`invalid exchange key id: ${file}`);
    const key = createPublicKey(fs.readFileSync(path.join(dir, file)));
    if (key.asymmetricKeyType !== 'ed25519')
      throw new SigningKeyError(`${file} is not an Ed25519 public key`);
    keys.set(keyId, key);
  }
  if (keys.size === 0) throw new SigningKeyError(`no exchange peer keys (*.pub) in ${dir}`);
  return peerKeysFrom(keys);
}
