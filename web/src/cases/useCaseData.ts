import type { TongpaiDataProvider } from '../providers/dataProvider';
import { useLoaded, type Loaded } from '../providers/useLoaded';

export type { Loaded };

/**
 * Something about a case that is not part of the record (timeline, report, issued photos), loaded with the
 * data provider and loaded again whenever `version` changes (e.g. the record's updatedAt).
 */
export function useCaseData<T>(
  caseId: string | undefined,
  version: string | undefined,
  load: (dataProvider: TongpaiDataProvider, caseId: string) => Promise<T>,
): Loaded<T> {
  return useLoaded(caseId && `${caseId}/${version}`, (dataProvider) => load(dataProvider, caseId!));
}
