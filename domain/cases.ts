/** Photo cases as the API shows them; shared by the API and the console. */
import type { Network } from './principal';
export const personCategories = ['resident', 'hk_macao_taiwan', 'foreigner', 'military'] as const;
export type PersonCategory = (typeof personCategories)[number];

/** Where a case is in its lifecycle. The workflow moves it; the read model mirrors it. */
export const caseStatuses = ['received', 'processing', 'processed', 'failed'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

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
