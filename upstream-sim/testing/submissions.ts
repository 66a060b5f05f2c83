/**
 * Valid submissions for the adapter and simulator tests, without the photo pipeline: each standard photo
 * is a JPEG of its profile's exact pixel size inside its KB range, with a certificate naming it. The
 * certificates are signed by no key: the simulator, like the contract, does not verify signatures.
 */
import { randomUUID } from 'node:crypto';
import { photoForSubmission } from '../../activities/upstream/contract';
import type { SubmissionInput } from '../../activities/upstream/http-adapter';
import { upstreamTargetInfo, type SubmittedPhotoKind, type UpstreamTarget } from '../../domain/upstream';
import { loadProfiles } from '../../imaging/profiles/load';
import { jpegOfSize } from '../../imaging/testing/sized-jpeg';

const profiles = loadProfiles();

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
