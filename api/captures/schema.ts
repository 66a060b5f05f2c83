import { z } from 'zod';
import { documentProfiles, personCategories } from '../../domain/cases';
import { checkResidentIdNumber, residentIdProblemMessages } from '../../domain/id-number';
import type { Messages } from '../problems';
import { bilingual } from '../validation';

/** Which documents the photo is for (profile ids), as a list or comma-separated; the ID card by default. */
export const documentsField = z
  .union([z.string(), z.array(z.string())])
  .optional()
  // Each document once: `id_card,id_card` is one document.
  .transform((v) => [
    ...new Set((v === undefined ? ['id_card'] : Array.isArray(v) ? v : v.split(',')).map((d) => d.trim())),
  ])
  .pipe(z.array(z.enum(documentProfiles)).min(1).max(documentProfiles.length));

export const captureFields = z
  .object({
    stationId: z.string().trim().min(1).max(64),
    personName: z.string().trim().min(1).max(100),
    idNumber: z.string().trim().min(1).max(40),
    category: z.enum(personCategories),
    device: z.string().trim().max(200).optional(),
    documents: documentsField,
    /** The reuse offer the citizen declined (they chose to sit again), recorded on that issued case. */
    declinedReuseOf: z.uuid().optional(),
    /** The person's nationality records disagree (e.g. a foreign passport and a resident ID): a person reviews. */
    nationalityConflict: z
      .enum(['true', 'false'])
      .optional()
      .transform((v) => v === 'true'),
  })
  .superRefine((value, ctx) => {
    if (value.category !== 'resident') return;
    const problem = checkResidentIdNumber(value.idNumber);
    if (problem)
      ctx.addIssue({
        code: 'custom',
        path: ['idNumber'],
        message: bilingual(residentIdProblemMessages[problem]),
      });
  });

export type CaptureFields = z.output<typeof captureFields>;

export const captureFieldMessages: Record<string, Messages> = {
  stationId: { zh: '请选择采集站点', en: 'Choose the capture station' },
  personName: { zh: '请填写姓名（最多100个字符）', en: "Enter the person's name (up to 100 characters)" },
  idNumber: { zh: '请填写证件号码', en: 'Enter the identity document number' },
  category: {
    zh: '人员类别应为：居民、港澳台居民、外国人或军人',
    en: 'Category must be resident, hk_macao_taiwan, foreigner or military',
  },
  device: { zh: '设备描述最多200个字符', en: 'The device description is at most 200 characters' },
  documents: {
    zh: '办理证件应为：身份证、出入境证件、驾驶证、人像比对、ICAO、士官证中的一项或多项',
    en: 'documents must list one or more of id_card, exit_entry, driving_licence, face_compare, icao, nco_military',
  },
  declinedReuseOf: {
    zh: '所拒绝的复用照片应为本人的案件',
    en: "declinedReuseOf must name this person's case (the reuse offer they declined)",
  },
  nationalityConflict: {
    zh: '国籍冲突只能是 true 或 false',
    en: 'nationalityConflict must be true or false',
  },
};
