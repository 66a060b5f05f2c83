/**
 * Grants: a citizen's (or an administrator's, on the citizen's behalf) permission for a third party to read one
 * issued photo, for a purpose, a limited number of times until it expires. Shapes of the API's answers here.
 */
import { z } from 'zod';
import { bilingualSchema } from './schemas';
import { lookupReadSchema } from './sharing';
import { grantPurposes, grantStates, type GrantPurpose } from './grant-terms';

export { grantPurposes, grantStates, type GrantPurpose, type GrantState } from './grant-terms';

export const grantPurposeLabels: Record<GrantPurpose, { zh: string; en: string }> = {
  employment: { zh: '入职', en: 'Employment' },
  exam_registration: { zh: '考试报名', en: 'Exam registration' },
  certificate: { zh: '证书办理', en: 'Certificate' },
  competition: { zh: '赛事报名', en: 'Competition' },
  other: { zh: '其他', en: 'Other' },
};

/** Why a grant was revoked when its citizen or an administrator did not say (the photo itself was revoked). */
export const photoRevokedReason = 'photo_revoked';

/** The grant's third party, as registered (the Keycloak client id and the name a citizen reads). */
export const thirdPartySchema = z
  .strictObject({ clientId: z.string(), registeredName: z.string() })
  .meta({ id: 'ThirdParty' });

export const grantSchema = z
  .strictObject({
    id: z.uuid(),
    caseId: z.uuid(),
    profiles: z.array(z.string()).min(1),
    purpose: z.enum(grantPurposes),
    purposeText: z.string().nullable().describe('What "other" means, in the citizen\'s words'),
    purposeLabel: bilingualSchema,
    state: z.enum(grantStates),
    expiresAt: z.iso.datetime(),
    maxReads: z.number().int().min(1),
    readsUsed: z.number().int().min(0),
    readsLeft: z.number().int().min(0).describe('0 once the grant is no longer active'),
    thirdParty: thirdPartySchema
      .nullable()
      .describe('The only client that may redeem it; null: any registered one'),
    createdAt: z.iso.datetime(),
    createdBy: z.string(),
    onBehalf: z.boolean().describe("Created by an administrator on the citizen's behalf"),
    revokedAt: z.iso.datetime().nullable(),
    revokedBy: z.string().nullable(),
    revocationReason: z.string().nullable(),
  })
  .meta({ id: 'Grant', description: 'A permission for a third party to read one issued photo' });
export type Grant = z.infer<typeof grantSchema>;

export const createdGrantSchema = z
  .strictObject({
    grant: grantSchema,
    code: z
      .string()
      .meta({ example: '7KQ2-M9XD-R4TB-5' })
      .describe('Shown once: only its keyed hash is kept'),
    qrSvg: z.string().describe('The code as a QR code (SVG)'),
  })
  .meta({ id: 'CreatedGrant' });

export const grantReadSchema = z
  .strictObject({
    at: z.iso.datetime(),
    grantId: z.uuid(),
    caseId: z.uuid(),
    clientId: z.string(),
    registeredName: z.string(),
    profileId: z.string(),
    purpose: z.enum(grantPurposes),
    purposeLabel: bilingualSchema,
    result: z.literal('delivered'),
  })
  .meta({ id: 'GrantRead', description: "One read of a citizen's photo by a third party (the access log)" });
export type GrantRead = z.infer<typeof grantReadSchema>;

/** A department's or police unit's lookup of the citizen's photo that delivered it (the access log). */
export const institutionReadSchema = lookupReadSchema
  .omit({ organisationId: true, result: true })
  .extend({ result: z.literal('delivered') })
  .meta({
    id: 'InstitutionRead',
    description: "One lookup of a citizen's photo by a department (the access log)",
  });

/** The citizen's access log: every read of their photos, by a third party they authorised or a department. */
export const accessLogEntrySchema = z
  .discriminatedUnion('kind', [
    grantReadSchema.extend({ kind: z.literal('grant') }),
    institutionReadSchema.extend({ kind: z.literal('lookup') }),
  ])
  .meta({ id: 'AccessLogEntry' });
export type AccessLogEntry = z.infer<typeof accessLogEntrySchema>;
