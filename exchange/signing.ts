/**
 * Each network signs what it pushes with its own Ed25519 exchange key (a ring as in signing/keys.ts, the active
 * key named by EXCHANGE_KEY_ID) and holds only the public keys of the other side (`<keyId>.pub` PEM files in
 * EXCHANGE_PEER_KEYS_DIR). The signature covers the exact bytes of the request body.
 */
import { loadVerifyingKeyRing } from '../signing/keys';

export const keyIdHeader = 'tongpai-exchange-key-id';
export const signatureHeader = 'tongpai-exchange-signature';

export type PeerKeys = (keyId: string, body: Buffer, signatureBase64: string) => boolean;

export function loadPeerKeys(dir: string): PeerKeys {
  const ring = loadVerifyingKeyRing(dir);
  return (keyId, body, signatureBase64) => ring.verify(keyId, body, signatureBase64);
}
