/**
 * Institutional sharing (依申请开放): the catalogue of photo services, the organisations (government
 * departments and police units) that apply for them, their applications and what an approved client may call.
 * The shapes the API answers with are zod schemas here, as in domain/schemas.ts.
 */
import { z } from 'zod';
import { networks } from './principal';
import { bilingualSchema } from './schemas';
import { applicationStatuses, clientKinds, organisationKinds, sharingServices } from './sharing-terms';

export * from './sharing-terms';

const code = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/)
  .meta({ example: 'shebao-card' });
const name = z.string().trim().min(1).max(100);
const positive = z.number().int().positive();

export const matterSchema = z
  .strictObject({ code, name: name.meta({ example: '社保卡办理' }) })
  .meta({ id: 'BusinessMatter', description: 'A business matter the photos may be used for' });
export type Matter = z.infer<typeof matterSchema>;

export const limitsSchema = z
  .strictObject({
    ratePerMinute: positive.max(100_000).describe('Calls a client may make in one minute'),
    dailyQuota: positive.max(10_000_000).describe('Calls a client may make in one day (China time)'),
    validityDays: positive.max(1096).describe('How long an approval lasts by default'),
  })
  .meta({ id: 'SharingLimits' });
export type SharingLimits = z.infer<typeof limitsSchema>;

export const catalogueEntryInput = z.strictObject({
  id: code,
  name,
  description: z.string().trim().max(1000).default(''),
  service: z.enum(sharingServices),
  profiles: z.array(z.string().trim().min(1).max(64)).min(1).max(20),
  matters: z.array(matterSchema).max(100),
  networks: z.array(z.enum(networks)).min(1),
  defaultLimits: limitsSchema,
});
export type CatalogueEntryInput = z.output<typeof catalogueEntryInput>;

export const catalogueEntrySchema = catalogueEntryInput
  .extend({ description: z.string(), createdAt: z.iso.datetime(), updatedAt: z.iso.datetime() })
  .meta({ id: 'CatalogueEntry', description: 'A photo service listed in the resource-sharing catalogue' });
export type CatalogueEntry = z.infer<typeof catalogueEntrySchema>;

export const contactSchema = z
  .strictObject({
    name,
    phone: z.string().trim().max(40).default(''),
    email: z.string().trim().max(200).default(''),
    username: z.string().trim().max(100).optional().describe('Their console login, if they apply themselves'),
  })
  .meta({ id: 'OrganisationContact' });

export const organisationInput = z.strictObject({
  id: code,
  name,
  kind: z.enum(organisationKinds),
  network: z.enum(networks),
  contacts: z.array(contactSchema).min(1).max(20),
  clientIds: z
    .array(z.string().trim().min(1).max(100))
    .max(10)
    .default([])
    .describe('Its Keycloak clients (client credentials)'),
});
export type OrganisationInput = z.output<typeof organisationInput>;

export const organisationClientSchema = z
  .strictObject({
    clientId: z.string(),
    suspendedAt: z.iso.datetime().nullable(),
    suspendedBy: z.string().nullable(),
    suspensionReason: z.string().nullable(),
  })
  .meta({ id: 'OrganisationClient' });
export type OrganisationClient = z.infer<typeof organisationClientSchema>;

export const organisationSchema = organisationInput
  .omit({ clientIds: true })
  .extend({
    contacts: z.array(contactSchema),
    clients: z.array(organisationClientSchema),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Organisation', description: 'A government department or police unit that may apply' });
export type Organisation = z.infer<typeof organisationSchema>;

export const applicationInput = z.strictObject({
  organisationId: code,
  entryId: code,
  matters: z.array(code).min(1).max(50),
  purpose: z.string().trim().min(1).max(1000),
  expectedDailyVolume: positive.max(10_000_000),
  validityDays: positive.max(1096),
});
export type ApplicationInput = z.output<typeof applicationInput>;

export const approvalInput = z.strictObject({
  ratePerMinute: positive.max(100_000),
  dailyQuota: positive.max(10_000_000),
  validUntil: z.iso.datetime().describe('When the approval expires (a reminder goes out before)'),
  profiles: z.array(z.string().trim().min(1).max(64)).min(1).max(20),
});
export type ApprovalInput = z.output<typeof approvalInput>;

export const reasonInput = z.strictObject({ reason: z.string().trim().min(1).max(500) });

export const applicationSchema = z
  .strictObject({
    id: z.uuid(),
    organisationId: z.string(),
    organisationName: z.string(),
    entryId: z.string(),
    entryName: z.string(),
    matters: z.array(z.string()),
    purpose: z.string(),
    expectedDailyVolume: z.number().int(),
    validityDays: z.number().int(),
    status: z.enum(applicationStatuses),
    appliedBy: z.string(),
    appliedAt: z.iso.datetime(),
    decidedBy: z.string().nullable(),
    decidedAt: z.iso.datetime().nullable(),
    reason: z.string().nullable().describe('Why it was rejected or suspended'),
    ratePerMinute: z.number().int().nullable(),
    dailyQuota: z.number().int().nullable(),
    profiles: z.array(z.string()).nullable(),
    validUntil: z.iso.datetime().nullable(),
    remindedAt: z.iso.datetime().nullable(),
    workflowId: z.string(),
  })
  .meta({ id: 'SharingApplication', description: "An organisation's application for a catalogue entry" });
export type Application = z.infer<typeof applicationSchema>;

export const lookupInput = z.strictObject({
  idNumber: z.string().trim().min(1).max(40),
  matterCode: code,
  profile: z.string().trim().min(1).max(64).optional().describe('Default: the first approved profile'),
});

export const lookupAnswerSchema = z
  .strictObject({
    caseId: z.uuid(),
    profileId: z.string(),
    matterCode: z.string(),
    issuedAt: z.iso.datetime(),
    sha256: z.string(),
    mimeType: z.literal('image/jpeg'),
    photo: z.string().describe('The issued photo, base64'),
    certificate: z.record(z.string(), z.unknown()).describe('Its Ed25519 certificate (check at /verify)'),
  })
  .meta({ id: 'LookupAnswer', description: "A person's current issued photo for one profile" });
export type LookupAnswer = z.infer<typeof lookupAnswerSchema>;

export const toolCheckSchema = z
  .strictObject({
    verdict: z.enum(['pass', 'review', 'retake']),
    profiles: z.array(z.string()),
    failing: z.array(
      z.strictObject({
        profile: z.string(),
        id: z.string(),
        severity: z.string().nullable(),
        message: bilingualSchema,
      }),
    ),
    checks: z.record(
      z.string(),
      z.array(
        z.strictObject({
          id: z.string(),
          pass: z.boolean(),
          value: z.number(),
          severity: z.string().nullable(),
          message: bilingualSchema,
        }),
      ),
    ),
  })
  .meta({ id: 'ToolCheck', description: "The pipeline's verdict and every profile's checks on a photo" });
export type ToolCheck = z.infer<typeof toolCheckSchema>;

export const interfaceClientSchema = z
  .strictObject({
    id: z.string().describe('The client id'),
    kind: z.enum(clientKinds),
    organisationId: z.string().nullable(),
    organisationName: z.string().nullable(),
    suspended: z.boolean(),
    suspendedAt: z.iso.datetime().nullable(),
    suspensionReason: z.string().nullable(),
    callsToday: z.number().int(),
    errorsToday: z.number().int(),
    dailyQuota: z.number().int().nullable().describe('The largest daily quota of its active approvals'),
    quotaUsed: z.number().nullable().describe('Metered calls today over the daily quota (0 to 1 and beyond)'),
    averageLatencyMs: z.number().nullable(),
    maxLatencyMs: z.number().int().nullable(),
    lastCallAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'InterfaceClient', description: "An external client's calls today" });
export type InterfaceClient = z.infer<typeof interfaceClientSchema>;

export const lookupReadSchema = z
  .strictObject({
    at: z.iso.datetime(),
    organisationId: z.string(),
    organisationName: z.string(),
    clientId: z.string(),
    matterCode: z.string(),
    matterName: z.string().nullable(),
    purpose: z.string().nullable(),
    profileId: z.string().nullable(),
    result: z.string(),
  })
  .meta({ id: 'LookupRead', description: "A department's read of a person's photo" });
export type LookupRead = z.infer<typeof lookupReadSchema>;
