/** Reads the lifecycle rule book (domain/rules.ts) from LIFECYCLE_RULES_FILE, validated; the defaults when unset. */
import fs from 'node:fs';
import { z } from 'zod';
import { captureChannels, personCategories, photoVerdicts } from '../domain/cases';
import { defaultRules, type LifecycleRules, type RuleBook } from '../domain/rules';

const reasonCode = z.object({
  code: z.string().regex(/^[a-z_]{1,40}$/),
  zh: z.string().min(1),
  en: z.string().min(1),
  for: z.array(z.enum(['reject', 'retake'])).min(1),
});
const seconds = z.number().int().min(1);
const reviewSla = z
  .object({
    default: seconds,
    categories: z.partialRecord(z.enum(personCategories), seconds),
    qualityReview: seconds,
    secondApproval: seconds,
  })
  .partial()
  .strict();
const rules = z.object({
  reviewCategories: z.array(z.enum(personCategories)),
  secondApprovalCategories: z.array(z.enum(personCategories)),
  reviewChannels: z.array(z.enum(captureChannels)),
  autoIssue: z.object({
    categories: z.array(z.enum(personCategories)),
    verdicts: z.array(z.enum(photoVerdicts)),
  }),
  reviewSla,
  reuseMonths: z.record(z.string(), z.number().int().min(0).max(120)),
  reasonCodes: z.array(reasonCode).min(1),
}) satisfies z.ZodType<LifecycleRules>;
const ruleFile = z.object({
  default: rules.partial().optional(),
  regions: z.record(z.string(), rules.partial()).default({}),
});

export function loadRuleBook(file: string): RuleBook {
  if (!file) return { default: defaultRules, regions: {} };
  const parsed = ruleFile.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success)
    throw new Error(
      `${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return { default: { ...defaultRules, ...parsed.data.default }, regions: parsed.data.regions };
}
