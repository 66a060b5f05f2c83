/** Inputs of the grant routes. */
import { z } from 'zod';
import { grantPurposes, grantStates } from '../../domain/grants';
import { oneOrMany } from '../list-params';

export const grantParams = z.object({ id: z.string().meta({ format: 'uuid' }) });

export const createGrantBody = z
  .object({
    caseId: z.uuid().describe("The issued photo set: one of the citizen's own issued cases"),
    profiles: z
      .array(z.string().min(1).max(64))
      .min(1)
      .max(20)
      .refine((p) => new Set(p).size === p.length)
      .describe('The standard photos the third party may read (profile ids, e.g. id_card)'),
    purpose: z.enum(grantPurposes),
    purposeText: z.string().trim().min(1).max(200).optional().describe('Required when purpose is other'),
    expiresAt: z.iso
      .datetime({ offset: true })
      .describe('In the future, at most GRANT_MAX_EXPIRY_DAYS ahead'),
    maxReads: z.number().int().min(1).describe('At most GRANT_MAX_READS'),
    clientId: z
      .string()
      .min(1)
      .max(255)
      .optional()
      .describe('Only this registered third party may redeem it'),
  })
  .meta({ id: 'GrantCreation' });
export type CreateGrantBody = z.infer<typeof createGrantBody>;

export const createGrantMessages = {
  caseId: { zh: '请选择一组已签发的证件照', en: 'caseId must name an issued photo set' },
  profiles: {
    zh: '请选择要授权的证件照规格（不重复）',
    en: 'Choose the photo profiles to share (no repeats)',
  },
  purpose: {
    zh: `用途应为 ${grantPurposes.join('、')} 之一`,
    en: `purpose must be one of ${grantPurposes.join(', ')}`,
  },
  purposeText: { zh: '用途说明为 1 至 200 个字符', en: 'purposeText is 1 to 200 characters' },
  expiresAt: { zh: '有效期应为带时区的日期时间', en: 'expiresAt must be a date-time with its offset' },
  maxReads: { zh: '读取次数应为正整数', en: 'maxReads must be a positive whole number' },
  clientId: { zh: '第三方标识无效', en: 'clientId is invalid' },
};

export const grantRevocationBody = z
  .object({ reason: z.string().trim().min(1).max(500).optional().describe('Required of an administrator') })
  .meta({ id: 'GrantRevocation' });

export const grantFilter = z.object({
  state: oneOrMany(z.enum(grantStates)).optional(),
  purpose: oneOrMany(z.enum(grantPurposes)).optional(),
  clientId: oneOrMany(z.string()).optional(),
  createdFrom: z.iso.datetime({ offset: true }).optional(),
  createdTo: z.iso.datetime({ offset: true }).optional(),
});

export const redeemBody = z
  .union([
    z.strictObject({
      code: z
        .string()
        .max(64)
        .describe('The authorisation code as the citizen gave it (case, hyphens, spaces free)'),
      profile: z.string().min(1).max(64),
    }),
    z.strictObject({
      grantId: z.uuid().describe('A grant addressed to the calling client'),
      profile: z.string().min(1).max(64),
    }),
  ])
  .meta({ id: 'Redemption' });
