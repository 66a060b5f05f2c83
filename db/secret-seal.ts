/**
 * Small secrets kept in the database (a webhook's signing secret), sealed the way photo files are: a data key
 * of their own under AES-256-GCM, wrapped by the photo files' current master key (db/blob-crypto.ts). The
 * additional data binds what the secret is for, so a sealed value copied to another row does not open.
 * Rotating the master key keeps older values readable while their key stays in the keyring.
 */
import { decryptBlob, encryptBlob, type BlobKeyring } from './blob-crypto';

export interface SecretSealer {
  seal(purpose: string, secret: string): Buffer;
  open(purpose: string, sealed: Buffer): string;
}

export const secretSealer = (keyring: BlobKeyring): SecretSealer => ({
  seal: (purpose, secret) => encryptBlob(keyring, purpose, Buffer.from(secret, 'utf8')),
  open: (purpose, sealed) => decryptBlob(keyring, purpose, sealed).toString('utf8'),
});
