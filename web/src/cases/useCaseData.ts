import { useEffect, useState } from 'react';
import { useDataProvider } from 'react-admin';
import type { TongpaiDataProvider } from '../providers/dataProvider';

export type Loaded<T> =
  { status: 'loading' } | { status: 'loaded'; data: T } | { status: 'failed'; reason: string };

/**
 * Something about a case that is not part of the record (timeline, report, issued photos), loaded with the
 * data provider and loaded again whenever `version` changes (e.g. the record's updatedAt).
 */
export function useCaseData<T>(
  caseId: string | undefined,
  version: string | undefined,
  load: (dataProvider: TongpaiDataProvider, caseId: string) => Promise<T>,
): Loaded<T> {
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  useEffect(() => {
    if (!caseId) return;
    let cancelled = false;
    load(dataProvider, caseId).then(
      (data) => !cancelled && setState({ status: 'loaded', data }),
      (error: unknown) =>
        !cancelled &&
        setState({ status: 'failed', reason: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      cancelled = true;
    };
    // `load` is a module-level function at every call site; the case and its version decide what to load.
  }, [dataProvider, caseId, version]);
  return state;
}
