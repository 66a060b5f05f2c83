/** Photo cases as the API shows them; shared by the API and the console. */
import type { Network } from './principal';
export const personCategories = ['resident', 'hk_macao_taiwan', 'foreigner', 'military'] as const;
export type PersonCategory = (typeof personCategories)[number];

/** The standard photos a case can be for (profile ids): the documents a citizen applies for. */
export const documentProfiles = [
  'id_card',
  'exit_entry',
  'driving_licence',
  'face_compare',
  'icao',
  'nco_military',
] as const;
export type DocumentProfile = (typeof documentProfiles)[number];

/** Where a case is in its lifecycle (domain/lifecycle.ts). The workflow moves it; the read model mirrors it. */
export { caseStatuses, type CaseStatus } from './lifecycle';
import type { CaseStatus } from './lifecycle';

/** The pipeline's overall judgement of a master: issue it, have a person look, or capture again. */
export const photoVerdicts = ['pass', 'review', 'retake'] as const;
export type PhotoVerdict = (typeof photoVerdicts)[number];

export interface Bilingual {
  zh: string;
  en: string;
}

/** A quality check that did not pass, with the reason a person can act on. */
export interface FailingCheck {
  profile: string;
  /** The profile's name, also for a profile that could not be rendered. */
  profileName: Bilingual;
  id: string;
  severity: string | null;
  message: Bilingual;
}

/** One standard photo rendered from the case's master. */
export interface CasePhoto {
  profileId: string;
  name: Bilingual;
  /** Of the JPEG as served (and as recorded in the audit trail). */
  sha256: string;
  width: number;
  height: number;
  dpi: number;
  bytes: number;
  jpegQuality: number;
  verdict: PhotoVerdict;
  /** False when the photo must not be issued (its profile's verdict is retake). */
  usable: boolean;
}

export interface CaseSummary {
  id: string;
  status: CaseStatus;
  verdict: PhotoVerdict | null;
  category: PersonCategory;
  personName: string;
  /** Only the first 6 and last 4 characters are shown outside the case page. */
  idNumberMasked: string;
  stationId: string;
  regionId: string;
  operatorUsername: string;
  capturedAt: string;
  updatedAt: string;
  /** The documents (profile ids) this case is for; the verdict is the worst over their profiles. */
  documents: string[];
  nationalityConflict: boolean;
  /** 1 for the first capture, one more for each retake in the same case. */
  attempt: number;
  /** When the case entered its current review queue, and when its SLA runs out. */
  queuedAt: string | null;
  slaDueAt: string | null;
  /** Set when the SLA ran out: the case is then in the supervisors' queue too. */
  escalatedAt: string | null;
  /** The reviewer holding the case, while the claim's lease lasts. */
  claimedBy: string | null;
  claimExpiresAt: string | null;
  firstApprover: string | null;
}

export interface CaseDetail extends CaseSummary {
  idNumber: string;
  workflowId: string;
  device: string | null;
  master: { sha256: string; mimeType: string; bytes: number; width: number | null; height: number | null };
  failureReason: string | null;
  /** Stable code of the failure (e.g. `no_face`), when the pipeline refused the master. */
  failureCode: string | null;
  /** What went wrong and what to do, for the operator, in Chinese and English. */
  failureMessage: Bilingual | null;
  failingChecks: FailingCheck[];
  photos: CasePhoto[];
  /** Why the case went where it went after processing (e.g. `special_category:foreigner`, `verdict:review`). */
  routeReason: string | null;
  decisionReasonCode: string | null;
  decisionNote: string | null;
  /** The checks a retake must fix, and when the case is closed as abandoned if none comes. */
  retakeChecks: string[];
  retakeDeadlineAt: string | null;
  issuedAt: string | null;
}

export interface Station {
  id: string;
  regionId: string;
  regionNameZh: string;
  regionNameEn: string;
  nameZh: string;
  nameEn: string;
  network: Network;
}

export function maskIdNumber(idNumber: string): string {
  if (idNumber.length <= 10) return idNumber.replace(/.(?=.{2})/g, '*');
  return `${idNumber.slice(0, 6)}${'*'.repeat(idNumber.length - 10)}${idNumber.slice(-4)}`;
}
