/**
 * Blobs in an S3-compatible bucket (AWS S3, the Versity S3 gateway, SeaweedFS, MinIO), under the same two-level
 * layout as on disk (`ab/cd/<sha256>`), which keeps a POSIX-backed gateway's folders small. A PutObject replaces
 * an object whole, so a reader never sees half of one.
 */
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import {
  BlobNotFoundError,
  BlobUnreadableError,
  blobKeyPattern,
  blobRelativePath,
  checkedBlobKey,
  type BlobBackend,
} from './blob-store';

export interface S3Location {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Bucket in the path (http://host/bucket/key), as self-hosted servers need, not in the host name. */
  forcePathStyle: boolean;
}

export function s3Client(location: S3Location): S3Client {
  return new S3Client({
    endpoint: location.endpoint,
    region: location.region,
    forcePathStyle: location.forcePathStyle,
    credentials: { accessKeyId: location.accessKeyId, secretAccessKey: location.secretAccessKey },
  });
}

const isNotFound = (err: unknown) =>
  err instanceof S3ServiceException && (err.name === 'NoSuchKey' || err.$metadata.httpStatusCode === 404);

export function createS3BlobBackend(
  location: S3Location,
  {
    client = s3Client(location),
    pageSize = 1000,
  }: {
    client?: S3Client;
    /** Keys per listing request (S3 answers at most 1000). */
    pageSize?: number;
  } = {},
): BlobBackend {
  const { bucket } = location;
  return {
    location: `s3://${bucket}/`,
    async write(sha256, bytes) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: blobRelativePath(sha256), Body: bytes }));
    },
    async read(sha256) {
      try {
        const answer = await client.send(
          new GetObjectCommand({ Bucket: bucket, Key: blobRelativePath(sha256) }),
        );
        return Buffer.from(await answer.Body!.transformToByteArray());
      } catch (err) {
        if (isNotFound(err)) throw new BlobNotFoundError(`blob ${sha256} is missing`);
        // The SDK checks the checksum the server recorded at upload against the bytes it now answers.
        if (err instanceof Error && err.message.startsWith('Checksum mismatch'))
          throw new BlobUnreadableError(`blob ${sha256} is not what was stored: ${err.message}`);
        throw err;
      }
    },
    async has(sha256) {
      if (!blobKeyPattern.test(sha256)) return false;
      try {
        await client.send(new HeadObjectCommand({ Bucket: bucket, Key: blobRelativePath(sha256) }));
        return true;
      } catch (err) {
        if (isNotFound(err)) return false;
        throw err;
      }
    },
    async delete(sha256) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: blobRelativePath(sha256) }));
    },
    async *list(after) {
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            MaxKeys: pageSize,
            ...(token ? { ContinuationToken: token } : {}),
            ...(after && !token ? { StartAfter: blobRelativePath(checkedBlobKey(after)) } : {}),
          }),
        );
        for (const object of page.Contents ?? []) {
          const name = object.Key?.split('/').pop() ?? '';
          // Only what this store writes: a blob's key in its place (not temporary or foreign objects).
          if (blobKeyPattern.test(name) && object.Key === blobRelativePath(name)) yield name;
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
  };
}

/** Creates the bucket unless it exists (the local gateway's first start; a real deployment provisions its own). */
export async function ensureBucket(location: S3Location): Promise<void> {
  const client = s3Client(location);
  try {
    await client.send(new CreateBucketCommand({ Bucket: location.bucket }));
  } catch (err) {
    if (!(err instanceof S3ServiceException && err.name === 'BucketAlreadyOwnedByYou')) throw err;
  } finally {
    client.destroy();
  }
}
