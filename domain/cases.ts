/** Photo cases as the API shows them; shared by the API and the console. */
export const personCategories = ['resident', 'hk_macao_taiwan', 'foreigner', 'military'] as const;
export type PersonCategory = (typeof personCategories)[number];

/** Where a case is in its lifecycle. The workflow moves it; the read model mirrors it. */
export const caseStatuses = ['received', 'processing', 'processed', 'failed'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export interface CaseSummary {
  id: string;
  status: CaseStatus;
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
}

export interface Station {
  id: string;
  regionId: string;
  regionNameZh: string;
  regionNameEn: string;
  nameZh: string;
  nameEn: string;
  network: 'police' | 'gov';
}

export function maskIdNumber(idNumber: string): string {
  if (idNumber.length <= 10) return idNumber.replace(/.(?=.{2})/g, '*');
  return `${idNumber.slice(0, 6)}${'*'.repeat(idNumber.length - 10)}${idNumber.slice(-4)}`;
}
