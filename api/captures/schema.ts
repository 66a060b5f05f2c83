import { z } from 'zod';
import { personCategories } from '../../domain/cases';
import { checkResidentIdNumber, residentIdProblemMessages } from '../../domain/id-number';
import type { Messages } from '../problems';
import { bilingual } from '../validation';

export const captureFields = z
  .object({
    stationId: z.string().trim().min(1).max(64),
    personName: z.string().trim().min(1).max(100),
    idNumber: z.string().trim().min(1).max(40),
    category: z.enum(personCategories),
    device: z.string().trim().max(200).optional(),
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
};
