/**
 * The messages of the data exchange between the two networks (docs/networks.md), one zod schema per kind. The
 * police side sends what it issued and revoked; the government side sends what happened to grants, so the
 * police audit trail and grant states match. Every message names itself by a unique id: applied once however
 * often it arrives.
 */
import { z } from 'zod';
import { certificateSchema } from '../api/review/schemas';
import { grantPurposes } from '../domain/grants';
import { messageSenders, type MessageKind } from '../domain/network';

export type { MessageKind };

/** The actor of what the exchange applies, in the receiving side's audit trail. */
export const exchangeActor = 'system:exchange';

/** What applying a message ended that has a workflow to tell: grants revoked with their photo. */
export interface Applied {
  grantsEnded: string[];
}

const at = z.iso.datetime();
const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const photoIssuedPayload = z.strictObject({
  caseId: z.uuid(),
  regionId: z.string().min(1),
  personHash: z.string().min(1),
  issuedAt: at,
  /** The person's earlier issued cases this issue superseded. */
  superseded: z.array(z.uuid()),
  photos: z
    .array(
      z.strictObject({
        profileId: z.string().min(1),
        attempt: z.number().int().positive(),
        sha256,
        keyId: z.string().min(1),
        certificate: certificateSchema,
      }),
    )
    .min(1),
});

export const photoRevokedPayload = z.strictObject({
  caseId: z.uuid(),
  at,
  by: z.string().min(1),
  reasonCode: z.string().min(1),
});

export const grantCreatedPayload = z.strictObject({
  id: z.uuid(),
  caseId: z.uuid(),
  regionId: z.string().min(1),
  ownerPersonHash: z.string().min(1),
  profiles: z.array(z.string().min(1)).min(1),
  purpose: z.enum(grantPurposes),
  purposeText: z.string().nullable(),
  expiresAt: at,
  maxReads: z.number().int().positive(),
  clientId: z.string().nullable(),
  /** The third party's name as registered on the government side, where third parties are registered. */
  registeredName: z.string().min(1).nullable(),
  codeHash: z.string().min(1),
  createdAt: at,
  createdBy: z.string().min(1),
  onBehalf: z.boolean(),
});

/** One read counted on the government side: the police side's grant counts it too, and logs it. */
export const grantReadPayload = z.strictObject({
  grantId: z.uuid(),
  at,
  clientId: z.string().min(1),
  registeredName: z.string().min(1),
  profileId: z.string().min(1),
  /** The grant's reads counted so far, this one included. */
  readsUsed: z.number().int().positive(),
});

export const grantRevokedPayload = z.strictObject({
  grantId: z.uuid(),
  at,
  by: z.string().min(1),
  reason: z.string().min(1),
  onBehalf: z.boolean(),
});

export const grantExpiredPayload = z.strictObject({ grantId: z.uuid(), at });

/** Each kind's payload. */
export const messagePayloads = {
  'photo.issued': photoIssuedPayload,
  'photo.revoked': photoRevokedPayload,
  'grant.created': grantCreatedPayload,
  'grant.read': grantReadPayload,
  'grant.revoked': grantRevokedPayload,
  'grant.expired': grantExpiredPayload,
} as const satisfies Record<MessageKind, z.ZodType>;

export type PayloadOf<K extends MessageKind> = z.infer<(typeof messagePayloads)[K]>;

/**
 * A message as it crosses: the outbox row's id, kind and payload, and for a photo the issued files themselves
 * (base64 by sha256), read from the sender's store when pushed, so the outbox holds no copy of them.
 */
export const envelopeSchema = z.strictObject({
  messageId: z.uuid(),
  kind: z.enum(Object.keys(messageSenders) as [MessageKind, ...MessageKind[]]),
  sentBy: z.enum(['police', 'government']),
  createdAt: at,
  payload: z.record(z.string(), z.unknown()),
  files: z.record(sha256, z.base64()).optional(),
});
export type Envelope = z.infer<typeof envelopeSchema>;
