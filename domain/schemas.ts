/**
 * The shapes the API answers with, written once as zod schemas: the domain types are inferred from them
 * (and re-exported by domain/cases.ts and domain/principal.ts), the API checks its answers against them and
 * its OpenAPI document is generated from them (each `id` becomes a component). Objects are strict, so a field
 * the contract does not name (say, the full identity number in a list) is a contract violation, not a
 * silent leak. The console imports only the types from here, so its bundle does not carry zod.
 */
import { z } from 'zod';
import { captureChannels, caseStatuses, personCategories, photoVerdicts } from './cases';
import { networks, roles } from './principal';
import { upstreamSubmissionStates, upstreamTargets } from './upstream';

export const bilingualSchema = z
  .strictObject({ zh: z.string(), en: z.string() })
  .meta({ id: 'Messages', description: 'The same text in Chinese and English' });
export type Bilingual = z.infer<typeof bilingualSchema>;

export const failingCheckSchema = z
  .strictObject({
    profile: z.string(),
    profileName: bilingualSchema.describe(
      "The profile's name, also for a profile that could not be rendered",
    ),
    id: z.string().meta({ example: 'yaw' }),
    severity: z.string().nullable(),
    message: bilingualSchema,
  })
  .meta({
    id: 'FailingCheck',
    description: 'A quality check that did not pass, with the reason a person can act on',
  });
export type FailingCheck = z.infer<typeof failingCheckSchema>;

const count = z.number().int().min(0);

export const casePhotoSchema = z
  .strictObject({
    profileId: z.string().meta({ example: 'id_card' }),
    name: bilingualSchema,
    sha256: z.string().describe('Of the JPEG as served (and as recorded in the audit trail)'),
    width: count,
    height: count,
    dpi: count,
    bytes: count,
    jpegQuality: count,
    verdict: z.enum(photoVerdicts),
    usable: z.boolean().describe("False when the photo must not be issued (its profile's verdict is retake)"),
  })
  .meta({ id: 'CasePhoto', description: "One standard photo rendered from the case's master" });
export type CasePhoto = z.infer<typeof casePhotoSchema>;

export const caseSummarySchema = z
  .strictObject({
    id: z.uuid(),
    status: z.enum(caseStatuses),
    verdict: z.enum(photoVerdicts).nullable().describe('The pipeline judgement, once processed'),
    category: z.enum(personCategories),
    personName: z.string(),
    idNumberMasked: z
      .string()
      .describe('Only the first 6 and last 4 characters are shown outside the case page'),
    stationId: z.string().nullable().describe('null for a phone capture'),
    channel: z
      .enum(captureChannels)
      .describe(
        'How the case was captured: at a service window (window) or by the citizen on their phone (phone)',
      ),
    regionId: z.string(),
    operatorUsername: z.string(),
    capturedAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    documents: z
      .array(z.string())
      .describe('The documents (profile ids) this case is for; the verdict is the worst over their profiles'),
    nationalityConflict: z.boolean(),
    attempt: z
      .number()
      .int()
      .min(1)
      .describe('1 for the first capture, one more for each retake in the same case'),
    queuedAt: z.iso.datetime().nullable().describe('When the case entered its current review queue'),
    slaDueAt: z.iso
      .datetime()
      .nullable()
      .describe("When the SLA of its current queue runs out (each queue's own, from the rules)"),
    escalatedAt: z.iso
      .datetime()
      .nullable()
      .describe("Set when the SLA ran out: the case is in the supervisors' queue too"),
    claimedBy: z.string().nullable().describe("The reviewer holding the case, while the claim's lease lasts"),
    claimExpiresAt: z.iso.datetime().nullable(),
    firstApprover: z.string().nullable().describe('Who gave the first of two approvals'),
  })
  .meta({ id: 'CaseSummary' });
export type CaseSummary = z.infer<typeof caseSummarySchema>;

export const caseDetailSchema = caseSummarySchema
  .extend({
    idNumber: z.string(),
    workflowId: z.string().meta({ example: 'photo-<caseId>' }),
    device: z.string().nullable(),
    master: z.strictObject({
      sha256: z.string(),
      mimeType: z.string(),
      bytes: count,
      width: count.nullable(),
      height: count.nullable(),
    }),
    failureReason: z.string().nullable(),
    failureCode: z.string().nullable().meta({
      example: 'no_face',
      description: 'Stable code of the failure, when the pipeline refused the master',
    }),
    failureMessage: bilingualSchema.nullable().describe('What went wrong and what to do, for the operator'),
    failingChecks: z.array(failingCheckSchema),
    photos: z.array(casePhotoSchema),
    routeReason: z.string().nullable().meta({
      example: 'special_category:foreigner',
      description: 'Why the case went where it went after processing',
    }),
    decisionReasonCode: z.string().nullable(),
    decisionNote: z.string().nullable(),
    retakeChecks: z.array(z.string()).describe('The checks a retake must fix'),
    retakeDeadlineAt: z.iso
      .datetime()
      .nullable()
      .describe('When the case is closed as abandoned if no retake comes'),
    issuedAt: z.iso.datetime().nullable(),
    revocation: z
      .strictObject({
        at: z.iso.datetime(),
        by: z.string().describe('The administrator who revoked it'),
        reasonCode: z.string().meta({ example: 'wrong_person' }),
        note: z.string().nullable(),
      })
      .nullable()
      .describe('Set once an administrator revoked the issued photos'),
    supersededBy: z.string().nullable().describe('The later case whose issue superseded this one'),
  })
  .meta({ id: 'CaseDetail' });
export type CaseDetail = z.infer<typeof caseDetailSchema>;

export const stationSchema = z
  .strictObject({
    id: z.string(),
    regionId: z.string(),
    regionNameZh: z.string(),
    regionNameEn: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    network: z.enum(networks),
  })
  .meta({ id: 'Station', description: 'A capture station and the region it belongs to' });
export type Station = z.infer<typeof stationSchema>;

export const principalSchema = z
  .strictObject({
    subject: z.string().describe('Keycloak subject (user id or service-account id)'),
    username: z.string(),
    displayName: z.string(),
    roles: z.array(z.enum(roles)),
    stationId: z.string().optional(),
    regionId: z.string().optional(),
    network: z.enum(networks).optional(),
    idNumber: z
      .string()
      .optional()
      .describe("A citizen's verified resident ID number (the realm's id_number attribute): their photos"),
    clientId: z
      .string()
      .optional()
      .describe('The OAuth client the token was issued to (third parties are identified by it)'),
  })
  .meta({ id: 'Principal', description: 'The caller as the API sees them' });
export type Principal = z.infer<typeof principalSchema>;

export const timelineEntrySchema = z
  .discriminatedUnion('source', [
    z.strictObject({
      source: z.literal('audit'),
      at: z.iso.datetime(),
      action: z.string().meta({ example: 'case.approved' }),
      actor: z.string(),
      data: z.record(z.string(), z.unknown()),
    }),
    z.strictObject({
      source: z.literal('workflow'),
      at: z.iso.datetime(),
      type: z.string().meta({ example: 'ActivityTaskCompleted' }),
      activity: z.string().optional(),
      update: z.string().optional(),
    }),
  ])
  .meta({
    id: 'TimelineEntry',
    description: 'One step of a case: an audit entry, or a workflow event summarised without its payload',
  });
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

export const upstreamSubmissionSchema = z
  .strictObject({
    target: z.enum(upstreamTargets),
    name: bilingualSchema.describe("The library's name"),
    photoVersion: z.number().int().positive().describe("The case's attempt whose photos were issued"),
    state: z.enum(upstreamSubmissionStates),
    receiptId: z.string().nullable().describe("The library's receipt id, once delivered"),
    attempts: count.describe('Calls made to the library so far'),
    lastError: z.string().nullable().describe('Why the last failed call failed (retrying, rejected)'),
    lastErrorAt: z.iso.datetime().nullable(),
    updatedAt: z.iso.datetime(),
    recall: z
      .strictObject({
        reason: z
          .string()
          .meta({ example: 'revoked' })
          .describe('Sent to the library: revoked or superseded'),
        requestedAt: z.iso.datetime(),
        recallId: z.string().nullable().describe("The library's recall receipt id, once recalled"),
        recalledAt: z.iso.datetime().nullable(),
        error: z.string().nullable().describe('Why the library refused the recall (not retried)'),
      })
      .nullable()
      .describe('Set once the photo was revoked or superseded and its recall asked for'),
    resubmissions: count.describe('Times an administrator sent it again from the manual queue'),
    closedAt: z.iso
      .datetime()
      .nullable()
      .describe('When an administrator closed it (rejected, not to be sent)'),
    closedBy: z.string().nullable(),
    closeReason: z.string().nullable().describe("The administrator's reason for closing it"),
  })
  .meta({
    id: 'UpstreamSubmission',
    description: "One target library's submission of the case's issued photos, and where it stands",
  });
export type UpstreamSubmission = z.infer<typeof upstreamSubmissionSchema>;

export const reuseOfferSchema = z
  .strictObject({
    offer: z
      .strictObject({
        caseId: z.uuid(),
        issuedAt: z.iso.datetime(),
        /** The earliest end of the requested documents' reuse windows. */
        reusableUntil: z.iso.datetime(),
        profiles: z.array(z.string()),
      })
      .nullable(),
  })
  .meta({
    id: 'ReuseOffer',
    description: 'An issued photo the person may reuse for these documents, or none',
  });
/** An issued photo offered for reuse at capture (GET /reuse-offers). */
export type ReuseOffer = NonNullable<z.infer<typeof reuseOfferSchema>['offer']>;
/** A rejected submission waiting in the manual queue for an administrator (resubmit, correct, close). */
export const manualQueueEntrySchema = z
  .strictObject({
    id: z.string().describe('<caseId>:<target>:<photoVersion>'),
    caseId: z.uuid(),
    target: z.enum(upstreamTargets),
    name: bilingualSchema.describe("The library's name"),
    photoVersion: z.number().int().positive(),
    personName: z.string(),
    regionId: z.string(),
    stationId: z.string().nullable().describe('null for a phone capture'),
    reason: z.string().nullable().describe("The library's reason for refusing it"),
    rejectedAt: z.iso.datetime().nullable(),
    attempts: count,
    resubmissions: count,
  })
  .meta({ id: 'ManualQueueEntry', description: 'A rejected submission waiting for an administrator' });
export type ManualQueueEntry = z.infer<typeof manualQueueEntrySchema>;

export const upstreamHealths = ['ok', 'failing', 'paused', 'idle'] as const;

/** One library as the administrators' upstream page shows it; counts over the cases the caller administers. */
export const upstreamTargetSchema = z
  .strictObject({
    id: z.enum(upstreamTargets),
    name: bilingualSchema,
    health: z
      .enum(upstreamHealths)
      .describe(
        'paused (by an administrator); failing (submissions retrying now); ok (delivering); idle (nothing yet)',
      ),
    paused: z.boolean(),
    pauseChangedAt: z.iso.datetime().nullable(),
    pauseChangedBy: z.string().nullable(),
    pauseReason: z.string().nullable(),
    pending: count,
    retrying: count,
    manualQueue: count.describe('Rejected submissions waiting for an administrator'),
    deliveredToday: count.describe('Delivered since midnight, China Standard Time'),
    lastDeliveredAt: z.iso.datetime().nullable(),
    failures: z
      .array(
        z.strictObject({
          caseId: z.uuid(),
          photoVersion: z.number().int().positive(),
          attempts: count,
          lastError: z.string().nullable(),
          lastErrorAt: z.iso.datetime().nullable(),
        }),
      )
      .describe('Submissions retrying now, with their last error, newest first (at most 10)'),
  })
  .meta({ id: 'UpstreamTarget', description: "An upstream library's health, backlog and pause" });
export type UpstreamTargetOverview = z.infer<typeof upstreamTargetSchema>;

export const upstreamReasonBody = z.strictObject({
  reason: z.string().trim().min(1).max(500).describe('Why (audited)'),
});
export const upstreamResubmitBody = upstreamReasonBody.extend({
  correct: z
    .boolean()
    .optional()
    .describe("Render the library's photos again from the master first (the correction is audited)"),
});

export const auditProblemSchema = z
  .discriminatedUnion('kind', [
    z
      .strictObject({
        kind: z.literal('broken_link'),
        stream: z.string(),
        seq: z.string(),
        eventId: z.string(),
      })
      .describe('An entry whose sequence, link or hash does not hold (altered, inserted or removed)'),
    z
      .strictObject({
        kind: z.literal('missing_head'),
        stream: z.string(),
        seq: z.string(),
        checkpointId: z.string(),
      })
      .describe('An entry a signed checkpoint names is gone or changed (e.g. the newest entries truncated)'),
    z
      .strictObject({ kind: z.literal('bad_checkpoint'), checkpointId: z.string(), reason: z.string() })
      .describe('A checkpoint whose signature, chain or heads do not hold'),
    z
      .strictObject({
        kind: z.literal('covered_entries_changed'),
        checkpointId: z.string(),
        signedEvents: z.string(),
        events: z.string(),
      })
      .describe('Entries added to or removed from the ids a checkpoint covers, their chains intact'),
  ])
  .meta({ id: 'AuditProblem', description: 'The first problem the verification found' });

export const auditVerificationSchema = z
  .strictObject({
    id: z.string(),
    at: z.iso.datetime(),
    actor: z.string().describe('Who ran it (a username, or cli:<user> from tongpai-audit)'),
    ok: z.boolean().describe('Every chain and every signed checkpoint holds'),
    events: count.describe('Entries checked'),
    streams: count,
    checkpoints: count.describe('Signed checkpoints checked'),
    lastCheckpointAt: z.iso.datetime().nullable(),
    problem: auditProblemSchema.nullable(),
  })
  .meta({ id: 'AuditVerification', description: 'A verification run of the audit trail and what it found' });
export type AuditVerificationReport = z.infer<typeof auditVerificationSchema>;

export const historyEntrySchema = z
  .strictObject({
    at: z.iso.datetime(),
    source: z
      .string()
      .meta({ examples: ['audit', 'workflow'] })
      .describe('Where the entry comes from: the audit trail, or a workflow history'),
    stream: z
      .string()
      .meta({ examples: ['audit', 'photo-<case id>', 'upstream-<case id>-yrd', 'recall-<case id>-yrd'] })
      .describe('The audit trail, or the workflow whose history holds the entry'),
    kind: z
      .string()
      .meta({ examples: ['case.approved', 'ActivityTaskStarted'] })
      .describe("The audit action, or the workflow event's type"),
    actor: z.string().nullable().describe('Who: a username, or system:<part> for automatic steps'),
    role: z.string().nullable().describe('Their roles when it happened, as recorded (null: not recorded)'),
    network: z.string().nullable().describe('The network they acted from, as recorded (police, gov)'),
    reason: z.string().nullable().describe('The reason code or note recorded with it'),
    details: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'HistoryEntry', description: "One entry of a photo's whole history" });
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const photoHistorySchema = z
  .strictObject({
    caseId: z.uuid(),
    status: z.enum(caseStatuses),
    category: z.enum(personCategories),
    idNumberMasked: z.string(),
    stationId: z.string().nullable().describe('null for a phone capture'),
    regionId: z.string(),
    capturedAt: z.iso.datetime(),
    generatedAt: z.iso.datetime(),
    generatedBy: z.string(),
    entries: z.array(historyEntrySchema).describe('Oldest first'),
  })
  .meta({
    id: 'PhotoHistory',
    description:
      "A photo's whole history: its case's audit entries and every workflow of it (lifecycle, upstream deliveries, recalls), in time order",
  });
export type PhotoHistory = z.infer<typeof photoHistorySchema>;

export const signedHistorySchema = z
  .strictObject({
    format: z.literal('tongpai.photo-history.v1'),
    keyId: z.string().describe('The signing key: its public half is at GET /api/v1/certification/keys'),
    algorithm: z.literal('Ed25519'),
    document: z.string().describe('The PhotoHistory as JSON text: exactly the bytes signed (UTF-8)'),
    signature: z.string().describe('Ed25519 signature of `document`, base64'),
  })
  .meta({
    id: 'SignedPhotoHistory',
    description:
      'A photo history for a case file, with a detached signature over its exact text (verify with `tongpai-audit verify-export`, or openssl as docs/audit.md shows)',
  });
export type SignedPhotoHistory = z.infer<typeof signedHistorySchema>;

export const auditSearchEntrySchema = z
  .strictObject({
    id: z.string(),
    at: z.iso.datetime(),
    caseId: z.uuid().nullable(),
    stationId: z.string().nullable(),
    actor: z.string(),
    role: z.string().nullable(),
    network: z.string().nullable(),
    client: z.string().nullable().describe('The client application the actor used, as recorded'),
    action: z.string(),
    reason: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'AuditSearchEntry', description: 'One audit entry found by a search' });
export type AuditSearchEntry = z.infer<typeof auditSearchEntrySchema>;

export const auditSearchPageSchema = z
  .strictObject({
    entries: z.array(auditSearchEntrySchema).describe('Newest first'),
    nextCursor: z.string().nullable().describe('Pass as `cursor` for the next page; null on the last'),
  })
  .meta({ id: 'AuditSearchPage', description: 'A page of audit entries, newest first' });
export type AuditSearchPage = z.infer<typeof auditSearchPageSchema>;
