/**
 * The wire contract Tongpai speaks to every upstream library (docs/upstream.md describes it for the people
 * who build the other side). JSON over HTTPS, a bearer token per target, photos as base64 with their
 * sha256. The HTTP adapter sends it; the upstream simulator implements it.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { personCategories } from '../../domain/cases';
import { upstreamTargets, type SubmittedPhotoKind } from '../../domain/upstream';

/** Paths under a target's base URL (UPSTREAM_<TARGET>_URL). */
export const upstreamPaths = { submissions: '/submissions', recalls: '/recalls' } as const;
export const idempotencyKeyHeader = 'Idempotency-Key';
/** Set on a 200 that answers a repeated key with the original receipt. */
export const replayedHeader = 'Idempotent-Replayed';

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex sha256');
/**
 * Padded standard base64 with nothing else in it: what decodes and encodes back to itself. (z.base64() decodes
 * with atob, slow on the megabyte a submission carries.)
 */
const base64Data = z
  .string()
  .refine((text) => Buffer.from(text, 'base64').toString('base64') === text, 'standard padded base64')
  .meta({ contentEncoding: 'base64' });
const photoKinds = [
  'master',
  'exit_entry',
  'id_card',
  'driving_licence',
  'face_compare',
] as const satisfies readonly SubmittedPhotoKind[];

/** The photo certificate issued beside each standard photo (signing/certificate.ts), passed on unchanged. */
export const certificateSchema = z.object({
  version: z.literal(1),
  issuer: z.literal('tongpai'),
  keyId: z.string().min(1),
  algorithm: z.literal('Ed25519'),
  sha256: sha256Hex,
  caseId: z.string().min(1),
  profileId: z.string().min(1),
  issuedAt: z.iso.datetime(),
  signature: z.string().min(1),
});

export const submittedPhotoSchema = z.object({
  kind: z.enum(photoKinds),
  contentType: z.literal('image/jpeg'),
  /** Of the decoded bytes. */
  sha256: sha256Hex,
  byteLength: z.number().int().positive(),
  /** The JPEG, base64. */
  data: base64Data,
  /** Every standard photo's certificate; the master has none. */
  certificate: certificateSchema.optional(),
});

export const submissionRequestSchema = z.object({
  target: z.enum(upstreamTargets),
  /** The case's attempt whose photos were issued: with the case and target, the idempotency key. */
  photoVersion: z.number().int().positive(),
  case: z.object({
    id: z.string().min(1),
    regionId: z.string().min(1),
    /** null for a citizen's phone capture, which no station takes part in. */
    stationId: z.string().min(1).nullable(),
    issuedAt: z.iso.datetime(),
  }),
  person: z.object({
    idNumber: z.string().min(1).max(32),
    name: z.string().min(1).max(100),
    category: z.enum(personCategories),
  }),
  photos: z.array(submittedPhotoSchema).min(1),
});

export const receiptSchema = z.object({
  receiptId: z.string().min(1),
  target: z.enum(upstreamTargets),
  idempotencyKey: z.string().min(1),
  caseId: z.string().min(1),
  photoVersion: z.number().int().positive(),
  acceptedAt: z.iso.datetime(),
  photos: z.array(z.object({ kind: z.enum(photoKinds), sha256: sha256Hex })),
});

export const recallRequestSchema = z.object({
  receiptId: z.string().min(1),
  /** Why the photos are withdrawn, e.g. revoked, superseded. */
  reason: z.string().min(1).max(200),
});

export const recallReceiptSchema = z.object({
  recallId: z.string().min(1),
  receiptId: z.string().min(1),
  target: z.enum(upstreamTargets),
  recalledAt: z.iso.datetime(),
});

/** An error answer: RFC 9457 problem+json with a stable code and, for a rejected payload, what was wrong. */
export const upstreamProblemSchema = z.looseObject({
  status: z.number().int().optional(),
  code: z.string().optional(),
  title: z.string().optional(),
  detail: z.string().optional(),
  errors: z
    .array(z.object({ photo: z.string().optional(), field: z.string(), reason: z.string() }))
    .optional(),
});

export type SubmittedPhoto = z.infer<typeof submittedPhotoSchema>;
export type SubmissionRequest = z.infer<typeof submissionRequestSchema>;
export type Receipt = z.infer<typeof receiptSchema>;
export type RecallRequest = z.infer<typeof recallRequestSchema>;
export type RecallReceipt = z.infer<typeof recallReceiptSchema>;
export type UpstreamProblem = z.infer<typeof upstreamProblemSchema>;
export type PayloadProblem = NonNullable<UpstreamProblem['errors']>[number];

/** One photo as submitted: its bytes with their hash and length, and its certificate (none for the master). */
export function photoForSubmission(
  kind: SubmittedPhotoKind,
  jpeg: Buffer,
  certificate?: z.infer<typeof certificateSchema>,
): SubmittedPhoto {
  return {
    kind,
    contentType: 'image/jpeg',
    sha256: createHash('sha256').update(jpeg).digest('hex'),
    byteLength: jpeg.length,
    data: jpeg.toString('base64'),
    ...(certificate ? { certificate } : {}),
  };
}
