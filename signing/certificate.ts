/**
 * Photo certificates ("浙里照片" certification mark): an Ed25519 signature over the issued file's sha256, the
 * case, the profile and the issue time. The certificate travels beside the file (JSON), not inside it: the
 * issued JPEG stays byte for byte the photo that passed its checks and fits its document's KB range, and
 * the upstream libraries and card makers receive an ordinary standard JPEG. Anyone holding the file, its
 * certificate and the published public keys can check it without calling anyone; POST /api/v1/verify also
 * says whether the photo is still valid (not superseded or revoked).
 */
import { canonical } from '../domain/canonical';
import type { KeyRing } from './keys';

export interface CertifiedClaims {
  /** sha256 of the issued file, hex. */
  sha256: string;
  caseId: string;
  profileId: string;
  issuedAt: string;
}

export interface PhotoCertificate extends CertifiedClaims {
  version: 1;
  issuer: 'tongpai';
  keyId: string;
  algorithm: 'Ed25519';
  /** Base64 Ed25519 signature over the canonical JSON of the other fields. */
  signature: string;
}

type Unsigned = Omit<PhotoCertificate, 'signature'>;

const signedBytes = (unsigned: Unsigned) => Buffer.from(canonical(unsigned));

export function certifyPhoto(keys: KeyRing, claims: CertifiedClaims): PhotoCertificate {
  const unsigned: Unsigned = {
    version: 1,
    issuer: 'tongpai',
    keyId: keys.activeKeyId,
    algorithm: 'Ed25519',
    ...claims,
  };
  return { ...unsigned, signature: keys.sign(signedBytes(unsigned)) };
}

/** True when the certificate's signature holds and it names exactly this file's hash. */
export function certificateHolds(keys: KeyRing, certificate: PhotoCertificate, fileSha256: string): boolean {
  const { signature, ...unsigned } = certificate;
  if (certificate.sha256 !== fileSha256) return false;
  return keys.verify(certificate.keyId, signedBytes(unsigned), signature);
}
