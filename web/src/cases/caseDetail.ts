import type { CaseDetail, CaseSummary } from '../../../domain/cases';

/**
 * A page opened from a list first gets the list's record (a summary) from react-admin's cache, then the full
 * one: components that read detail fields check which they have.
 */
export const isCaseDetail = (record: CaseSummary | CaseDetail | undefined): record is CaseDetail =>
  !!record && 'master' in record;
