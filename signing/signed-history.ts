/**
 * A photo history for a case file, signed: the history's JSON text as `document` and an Ed25519 signature over
 * exactly those bytes, detached from them, so the document can be checked with any Ed25519 verifier against
 * the published public keys (GET /api/v1/certification/keys): `tongpai-audit verify-export`, or openssl.
 */
import { createPublicKey, verify } from 'node:crypto';
import type { PhotoHistory, SignedPhotoHistory } from '../domain/schemas';
import type { KeyRing, PublicKeyInfo } from './keys';

export const signedHistoryFormat = 'tongpai.photo-history.v1';

export function signHistory(keys: KeyRing, history: PhotoHistory): SignedPhotoHistory {
  const document = JSON.stringify(history, null, 2);
  return {
    format: signedHistoryFormat,
    keyId: keys.activeKeyId,
    algorithm: 'Ed25519',
    document,
    signature: keys.sign(Buffer.from(document, 'utf8')),
  };
}

export type SignedHistoryCheck =
  { ok: true; history: PhotoHistory; keyId: string } | { ok: false; reason: string };

/** Checks the signature against the published key it names; the history is returned only when it holds. */
export function verifySignedHistory(envelope: unknown, publicKeys: PublicKeyInfo[]): SignedHistoryCheck {
  const e = (envelope ?? {}) as Partial<SignedPhotoHistory>;
  if (e.format !== signedHistoryFormat || typeof e.document !== 'string' || typeof e.signature !== 'string')
    return { ok: false, reason: `not a signed photo history (${signedHistoryFormat})` };
  const key = publicKeys.find((k) => k.keyId === e.keyId);
  if (!key) return { ok: false, reason: `unknown signing key ${String(e.keyId)}` };
  const valid = verify(
    null,
    Buffer.from(e.document, 'utf8'),
    createPublicKey(key.publicKeyPem),
    Buffer.from(e.signature, 'base64'),
  );
  if (!valid) return { ok: false, reason: 'the signature does not match the document: it was changed' };
  return { ok: true, history: JSON.parse(e.document) as PhotoHistory, keyId: key.keyId };
}
