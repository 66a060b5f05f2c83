/**
 * Why an issued photo is withdrawn. An administrator revokes it with one of the revocation reasons; issuing a
 * newer photo of the person supersedes it. Either way its upstream submissions are recalled, with the recall
 * reason sent to the libraries (docs/upstream.md, Recall).
 */
import type { Bilingual } from './schemas';

export const revocationReasons = ['wrong_person', 'fraud', 'court_order'] as const;
export type RevocationReason = (typeof revocationReasons)[number];

export const revocationReasonLabels: Record<RevocationReason, Bilingual> = {
  wrong_person: { zh: '人员错误（照片不是本人）', en: 'Wrong person (the photo is not of this person)' },
  fraud: { zh: '欺诈', en: 'Fraud' },
  court_order: { zh: '法院命令', en: 'Court order' },
};

/** What the libraries are told: revoked by an administrator, or superseded by a newer photo. */
export const recallReasons = ['revoked', 'superseded'] as const;
export type RecallReason = (typeof recallReasons)[number];

/** Statuses whose photos no longer stand, so their submissions are recalled. */
export const withdrawnStatuses = ['revoked', 'superseded'] as const;
