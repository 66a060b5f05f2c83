/** The photo store a process uses, as configured: the file system or S3, encrypted either way. */
import type { Config } from '../config';
import { encryptedBlobStore, type BlobKeyring } from './blob-crypto';
import { loadBlobKeyring } from './blob-keys';
import { createFileBlobBackend, type BlobBackend, type BlobStore } from './blob-store';
import { createS3BlobBackend } from './s3-blob-backend';

export function configuredBlobBackend(config: Config): BlobBackend {
  return config.BLOB_STORE === 's3' ? createS3BlobBackend(config.s3) : createFileBlobBackend(config.blobDir);
}

export function createBlobStore(config: Config, keyring: BlobKeyring = loadBlobKeyring(config)): BlobStore {
  return encryptedBlobStore(configuredBlobBackend(config), keyring);
}
