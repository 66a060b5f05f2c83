/**
 * Photo cases as the API shows them; shared by the API and the console. The shapes are zod schemas
 * (domain/schemas.ts), kept apart so the console's bundle does not carry zod for a few constants.
 */
export type { Bilingual, CaseDetail, CasePhoto, CaseSummary, FailingCheck, Station } from './schemas';

export const personCategories = ['resident', 'hk_macao_taiwan', 'foreigner', 'military'] as const;
export type PersonCategory = (typeof personCategories)[number];

/** How a case was captured: at a service window by an operator, or by the citizen on their phone. */
export const captureChannels = ['window', 'phone'] as const;
export type CaptureChannel = (typeof captureChannels)[number];

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

/** The pipeline's overall judgement of a master: issue it, have a person look, or capture again. */
export const photoVerdicts = ['pass', 'review', 'retake'] as const;
export type PhotoVerdict = (typeof photoVerdicts)[number];

export function maskIdNumber(idNumber: string): string {
  if (idNumber.length <= 10) return idNumber.replace(/.(?=.{2})/g, '*');
  return `${idNumber.slice(0, 6)}${'*'.repeat(idNumber.length - 10)}${idNumber.slice(-4)}`;
}
