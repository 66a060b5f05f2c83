/**
 * Valid submissions for the adapter and simulator tests, without the photo pipeline: each standard photo
 * is a JPEG of its profile's exact pixel size inside its KB range (textured noise, the quality found by
 * halving), with a certificate naming it. The certificates are not signed by any key: the simulator, like
 * the contract, does not ask it to verify signatures.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { photoForSubmission } from '../../activities/upstream/contract';
import type { SubmissionInput } from '../../activities/upstream/http-adapter';
import { upstreamTargetInfo, type SubmittedPhotoKind, type UpstreamTarget } from '../../domain/upstream';
import { loadProfiles } from '../../imaging/profiles/load';

const profiles = loadProfiles();
const cache = new Map<string, Buffer>();

async function noiseJpeg(width: number, height: number, quality: number): Promise<Buffer> {
  const noise = { type: 'gaussian', mean: 128, sigma: 40 } as const;
  return sharp({ create: { width, height, channels: 3, background: '#808080', noise } })
    .blur(1.2)
    .jpeg({ quality })
    .toBuffer();
}

/** A JPEG of `width` x `height` whose size falls in [minKb, maxKb]. */
export async function jpegOfSize(
  width: number,
  height: number,
  kb?: { min: number; max: number },
): Promise<Buffer> {
  const cacheKey = `${width}x${height}:${kb?.min}-${kb?.max}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  let lo = 1;
  let hi = 100;
  let best = await noiseJpeg(width, height, kb ? 50 : 90);
  if (kb) {
    // Highest quality that fits under the maximum.
    while (lo < hi) {
      const q = Math.ceil((lo + hi) / 2);
      const jpeg = await noiseJpeg(width, height, q);
      if (jpeg.length <= kb.max * 1024) [lo, best] = [q, jpeg];
      else hi = q - 1;
    }
    if (best.length < kb.min * 1024)
      throw new Error(`no noise JPEG of ${width}x${height} fits ${kb.min}-${kb.max} KB`);
  }
  cache.set(cacheKey, best);
  return best;
}

export async function photoBytes(kind: SubmittedPhotoKind): Promise<Buffer> {
  if (kind === 'master') return jpegOfSize(900, 1200);
  const { width, height, kb } = profiles.get(kind).output;
  return jpegOfSize(width, height, kb);
}

/** A submission `target` accepts, for a new case unless `caseId` is given. */
export async function validSubmission(
  target: UpstreamTarget,
  { caseId = randomUUID(), photoVersion = 1 } = {},
): Promise<SubmissionInput> {
  const issuedAt = new Date('2026-12-04T10:00:00Z').toISOString();
  const photos = await Promise.all(
    upstreamTargetInfo[target].photos.map(async (kind) => {
      const jpeg = await photoBytes(kind);
      if (kind === 'master') return photoForSubmission(kind, jpeg);
      const { sha256 } = photoForSubmission(kind, jpeg);
      return photoForSubmission(kind, jpeg, {
        version: 1,
        issuer: 'tongpai',
        keyId: 'test-key',
        algorithm: 'Ed25519',
        sha256,
        caseId,
        profileId: kind,
        issuedAt,
        signature: 'bm90LXNpZ25lZA==',
      });
    }),
  );
  return {
    photoVersion,
    case: { id: caseId, regionId: 'shanghai', stationId: 'sh-pudong-ee', issuedAt },
    person: { idNumber: '11010519491231002X', name: '张伟', category: 'resident' },
    photos,
  };
}
