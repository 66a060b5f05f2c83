/**
 * Lifecycle rules as configuration data: where a processed case goes, which categories need a second
 * approval, how long each review queue may keep a case before it is escalated, how long an issued photo may
 * be reused per document, and the reasons a reviewer may give. The shipped defaults follow Shanghai's public
 * rules; a region overrides any part (LIFECYCLE_RULES_FILE).
 */
import type { CaptureChannel, PersonCategory, PhotoVerdict } from './cases';

export interface ReasonCode {
  code: string;
  zh: string;
  en: string;
  /** Which decisions may give it. */
  for: ('reject' | 'retake')[];
}

export interface LifecycleRules {
  /** Categories that always go to a person, whatever the verdict. */
  reviewCategories: PersonCategory[];
  /** Categories (and nationality conflicts) whose approval needs a second one by a supervisor. */
  secondApprovalCategories: PersonCategory[];
  /**
   * Capture channels whose cases always go to a person before issue, whatever the verdict (a photo the
   * pipeline asks to retake still goes back for the retake first). By default a citizen's phone capture.
   */
  reviewChannels: CaptureChannel[];
  /** Issued without a person when the category is listed and the verdict is one of `verdicts`. */
  autoIssue: { categories: PersonCategory[]; verdicts: PhotoVerdict[] };
  /** Seconds each review queue may keep a case before it is escalated to the supervisors. */
  reviewSla: ReviewSla;
  /** Months an issued photo may be reused for each document (profile id). */
  reuseMonths: Record<string, number>;
  reasonCodes: ReasonCode[];
}

/**
 * A review queue's SLA in seconds. A queue without an entry takes `default`, and without that
 * REVIEW_SLA_SECONDS (the timers the API gives each case it starts).
 */
export interface ReviewSla {
  default?: number;
  /** Cases a person must see for who they are (special categories, nationality conflicts), by category. */
  categories?: Partial<Record<PersonCategory, number>>;
  /** Cases sent to a reviewer by their photo's verdict (`review`). */
  qualityReview?: number;
  /** Cases waiting for a supervisor's second approval. */
  secondApproval?: number;
}

export interface RuleBook {
  default: LifecycleRules;
  regions: Record<string, Partial<LifecycleRules>>;
}

export const defaultRules: LifecycleRules = {
  reviewCategories: ['foreigner', 'hk_macao_taiwan', 'military'],
  secondApprovalCategories: ['foreigner', 'hk_macao_taiwan', 'military'],
  reviewChannels: ['phone'],
  autoIssue: { categories: ['resident'], verdicts: ['pass'] },
  reviewSla: {},
  reuseMonths: { id_card: 36, driving_licence: 6, exit_entry: 12 },
  reasonCodes: [
    {
      code: 'identity_mismatch',
      zh: '照片与证件信息不符',
      en: 'The photo does not match the identity',
      for: ['reject'],
    },
    {
      code: 'document_invalid',
      zh: '证件无效或信息有误',
      en: 'The identity document is invalid',
      for: ['reject'],
    },
    {
      code: 'recaptured_photo',
      zh: '翻拍照片（非本人现场拍摄）',
      en: 'A photo of a photo or screen',
      for: ['reject', 'retake'],
    },
    { code: 'quality', zh: '照片质量不合格', en: 'The photo quality is not acceptable', for: ['retake'] },
    {
      code: 'pose_expression',
      zh: '姿态或表情不符合要求',
      en: 'Pose or expression not acceptable',
      for: ['retake'],
    },
    {
      code: 'attire',
      zh: '着装或遮挡不符合要求',
      en: 'Clothing, glasses or covering not acceptable',
      for: ['retake'],
    },
    { code: 'other', zh: '其他（见备注）', en: 'Other (see the note)', for: ['reject', 'retake'] },
  ],
};

export function rulesFor(book: RuleBook, regionId: string): LifecycleRules {
  return { ...book.default, ...book.regions[regionId] };
}

export type Route =
  | { route: 'auto_issue'; reason: string }
  | { route: 'review'; reason: string }
  | { route: 'retake'; reason: string };

/**
 * Where a processed case goes: special categories to a person whatever the verdict, then the verdict decides,
 * except that a channel listed in `reviewChannels` goes to a person rather than being issued automatically.
 */
export function routeFor(
  rules: LifecycleRules,
  c: {
    category: PersonCategory;
    nationalityConflict: boolean;
    verdict: PhotoVerdict;
    channel: CaptureChannel;
  },
): Route {
  if (c.nationalityConflict) return { route: 'review', reason: 'nationality_conflict' };
  if (rules.reviewCategories.includes(c.category))
    return { route: 'review', reason: `special_category:${c.category}` };
  if (c.verdict === 'retake') return { route: 'retake', reason: 'verdict:retake' };
  if (rules.reviewChannels.includes(c.channel)) return { route: 'review', reason: `channel:${c.channel}` };
  if (rules.autoIssue.categories.includes(c.category) && rules.autoIssue.verdicts.includes(c.verdict))
    return { route: 'auto_issue', reason: `verdict:${c.verdict}` };
  return { route: 'review', reason: `verdict:${c.verdict}` };
}

/** The SLAs of the queues a case routed to review waits in: its first review, then its second approval. */
export interface QueueSlas {
  reviewSlaSeconds: number;
  secondApprovalSlaSeconds: number;
}

/** The SLAs for a case routed to review with `reason` (see routeFor); `fallbackSeconds` is REVIEW_SLA_SECONDS. */
export function reviewSlasFor(
  { reviewSla }: LifecycleRules,
  c: { category: PersonCategory; reason: string },
  fallbackSeconds: number,
): QueueSlas {
  const otherwise = reviewSla.default ?? fallbackSeconds;
  const byVerdict = c.reason.startsWith('verdict:');
  return {
    reviewSlaSeconds: (byVerdict ? reviewSla.qualityReview : reviewSla.categories?.[c.category]) ?? otherwise,
    secondApprovalSlaSeconds: reviewSla.secondApproval ?? otherwise,
  };
}

export function needsSecondApproval(
  rules: LifecycleRules,
  c: { category: PersonCategory; nationalityConflict: boolean },
): boolean {
  return c.nationalityConflict || rules.secondApprovalCategories.includes(c.category);
}
