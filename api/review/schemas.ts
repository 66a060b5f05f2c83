/** What the review, retake and certification routes take and answer, written once (zod → check → OpenAPI). */
import { z } from 'zod';
import { personCategories } from '../../domain/cases';
import { decisions } from '../../workflows/contracts';

export const reasonCodeSchema = z
  .strictObject({
    code: z.string().meta({ example: 'identity_mismatch' }),
    zh: z.string(),
    en: z.string(),
    for: z.array(z.enum(['reject', 'retake'])).describe('The decisions that may give it'),
  })
  .meta({ id: 'ReasonCode', description: 'A reason a reviewer gives for a rejection or a retake request' });

export const decisionBody = z
  .object({
    decision: z.enum(decisions),
    reasonCode: z
      .string()
      .max(40)
      .optional()
      .describe('From /reason-codes; required to reject or ask for a retake'),
    note: z.string().trim().max(1000).optional(),
    checks: z.array(z.string().max(60)).max(40).optional().describe('The checks a retake must fix'),
  })
  .meta({ id: 'Decision' });

export const decisionMessages = {
  decision: { zh: '决定应为 approve、reject 或 retake', en: 'decision must be approve, reject or retake' },
  reasonCode: { zh: '原因代码无效', en: 'Unknown reason code for this decision' },
  note: { zh: '备注最多1000个字符', en: 'The note is at most 1000 characters' },
  checks: { zh: '检查项列表无效', en: 'checks must be a list of check ids' },
};

export const nextCaseBody = z.object({
  queue: z
    .enum(['review', 'second', 'escalated'])
    .default('review')
    .describe('First decisions, second approvals (supervisors), or cases past their SLA'),
  category: z.array(z.enum(personCategories)).optional(),
});

export const retakeFields = z.object({ device: z.string().trim().max(200).optional() });

export const certificateSchema = z
  .strictObject({
    version: z.literal(1),
    issuer: z.literal('tongpai'),
    keyId: z.string(),
    algorithm: z.literal('Ed25519'),
    sha256: z.string().describe('sha256 of the issued file, hex'),
    caseId: z.uuid(),
    profileId: z.string(),
    issuedAt: z.iso.datetime(),
    signature: z.string().describe('Base64 Ed25519 signature over the canonical JSON of the other fields'),
  })
  .meta({ id: 'PhotoCertificate' });

export const issuedPhotoSchema = z
  .strictObject({
    caseId: z.uuid(),
    profileId: z.string(),
    sha256: z.string(),
    issuedAt: z.iso.datetime(),
    state: z.enum(['issued', 'superseded', 'revoked']),
    certificate: certificateSchema,
  })
  .meta({ id: 'IssuedPhoto' });

export const publicKeysSchema = z
  .strictObject({
    activeKeyId: z.string(),
    keys: z.array(
      z.strictObject({
        keyId: z.string(),
        algorithm: z.literal('Ed25519'),
        publicKeyPem: z.string(),
        jwk: z.strictObject({ kty: z.string(), crv: z.string(), x: z.string() }),
      }),
    ),
  })
  .meta({ id: 'PublicKeys', description: 'Every key that signed certificates, the rotated ones included' });

export const verificationSchema = z
  .union([
    z.strictObject({ genuine: z.literal(false), sha256: z.string() }),
    z.strictObject({
      genuine: z.literal(true),
      valid: z.boolean().describe('Still in force: not superseded by a later photo, not revoked'),
      sha256: z.string(),
      profileId: z.string(),
      issuedAt: z.iso.datetime(),
      state: z.enum(['issued', 'superseded', 'revoked']),
      keyId: z.string(),
      certificate: certificateSchema,
    }),
  ])
  .meta({ id: 'Verification' });
