/**
 * What a library checks before it accepts a submission, as the simulator does it: the contract's shape,
 * the idempotency key matching the request, exactly the photos the target takes, and each photo's bytes
 * against what the request claims (length, sha256), against its standard (a JPEG of the profile's pixel
 * size and KB range, in imaging/profiles/data) and against its certificate; no photo may carry metadata.
 */
import { createHash } from 'node:crypto';
import {
  submissionRequestSchema,
  type PayloadProblem,
  type SubmissionRequest,
} from '../activities/upstream/contract';
import { upstreamIdempotencyKey, upstreamTargetInfo, type UpstreamTarget } from '../domain/upstream';
import { jpegEndOffset, metadataSegments, readJpegSegments } from '../imaging/image/jfif';
import type { ProfileSet } from '../imaging/profiles/load';
import type { Profile } from '../imaging/profiles/schema';

export type Validation =
  | { ok: true; request: SubmissionRequest; photoBytes: Buffer[] }
  | { ok: false; status: 400 | 422; code: string; detail: string; errors: PayloadProblem[] };

const refused = (
  status: 400 | 422,
  code: string,
  detail: string,
  errors: PayloadProblem[] = [],
): Validation => ({
  ok: false,
  status,
  code,
  detail,
  errors,
});

export function validateSubmission(
  target: UpstreamTarget,
  idempotencyKey: string | undefined,
  body: unknown,
  profiles: ProfileSet,
): Validation {
  const parsed = submissionRequestSchema.safeParse(body);
  if (!parsed.success)
    return refused(
      400,
      'malformed_request',
      'the request does not follow the contract',
      parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', reason: i.message })),
    );
  const request = parsed.data;
  if (request.target !== target)
    return refused(422, 'wrong_target', `a submission for ${request.target} was sent to ${target}`);
  const expectedKey = upstreamIdempotencyKey(request.case.id, target, request.photoVersion);
  if (idempotencyKey !== expectedKey)
    return refused(
      400,
      'idempotency_key_mismatch',
      `Idempotency-Key must be "${expectedKey}" (case, target, photo version), got ${JSON.stringify(idempotencyKey ?? null)}`,
    );

  const expected = upstreamTargetInfo[target].photos;
  const kinds = request.photos.map((p) => p.kind);
  const missing = expected.filter((k) => !kinds.includes(k));
  const unexpected = kinds.filter((k, i) => !expected.includes(k) || kinds.indexOf(k) !== i);
  if (missing.length || unexpected.length)
    return refused(422, 'wrong_photo_set', `${target} takes exactly: ${expected.join(', ')}`, [
      ...missing.map((k) => ({ photo: k, field: 'photos', reason: 'missing' })),
      ...unexpected.map((k) => ({
        photo: k,
        field: 'photos',
        reason: 'not taken by this library, or repeated',
      })),
    ]);

  const errors: PayloadProblem[] = [];
  const photoBytes = request.photos.map((photo) => {
    const bytes = Buffer.from(photo.data, 'base64');
    const problem = (field: string, reason: string) => errors.push({ photo: photo.kind, field, reason });
    if (bytes.length !== photo.byteLength)
      problem('byteLength', `declared ${photo.byteLength} bytes, received ${bytes.length}`);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    if (sha256 !== photo.sha256) problem('sha256', `declared ${photo.sha256}, the bytes hash to ${sha256}`);
    for (const reason of jpegProblems(bytes)) problem('data', reason);
    if (photo.kind !== 'master') {
      for (const reason of standardProblems(bytes, profiles.get(photo.kind))) problem('data', reason);
      const cert = photo.certificate;
      if (!cert) problem('certificate', 'a standard photo needs its certificate');
      else {
        if (cert.sha256 !== sha256) problem('certificate.sha256', 'does not name these bytes');
        if (cert.profileId !== photo.kind)
          problem('certificate.profileId', `is ${cert.profileId}, not ${photo.kind}`);
        if (cert.caseId !== request.case.id) problem('certificate.caseId', 'names another case');
      }
    }
    return bytes;
  });
  if (errors.length)
    return refused(
      422,
      'validation_failed',
      errors.map((e) => `${e.photo} ${e.field}: ${e.reason}`).join('; '),
      errors,
    );
  return { ok: true, request, photoBytes };
}

function jpegProblems(bytes: Buffer): string[] {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return ['not a JPEG'];
  const segments = readJpegSegments(bytes);
  const problems: string[] = [];
  if (!segments.width || !segments.height) problems.push('a JPEG without a frame header');
  if (jpegEndOffset(bytes) < 0) problems.push('a truncated JPEG (no end marker)');
  const metadata = metadataSegments(bytes);
  if (metadata.length)
    problems.push(
      `carries metadata (${metadata.join(', ')}): nothing may leave with EXIF, GPS or device data`,
    );
  return problems;
}

function standardProblems(bytes: Buffer, profile: Profile): string[] {
  const { width, height } = readJpegSegments(bytes);
  const { output } = profile;
  const problems: string[] = [];
  const shrink = output.shrinkToSource;
  const sizeOk = shrink
    ? width >= shrink.minWidth &&
      width <= output.width &&
      height >= shrink.minHeight &&
      height <= output.height &&
      Math.abs(width * output.height - height * output.width) <= output.height
    : width === output.width && height === output.height;
  if (!sizeOk) {
    const wanted = shrink
      ? `${output.width}x${output.height} (down to ${shrink.minWidth}x${shrink.minHeight}, same aspect)`
      : `${output.width}x${output.height}`;
    problems.push(`${width}x${height} pixels, ${profile.id} wants ${wanted}`);
  }
  if (output.kb) {
    const kb = bytes.length / 1024;
    if (kb < output.kb.min || kb > output.kb.max)
      problems.push(`${kb.toFixed(1)} KB, ${profile.id} wants ${output.kb.min}-${output.kb.max} KB`);
  }
  return problems;
}
