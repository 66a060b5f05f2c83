import { useCallback, useEffect, useState } from 'react';
import { useDataProvider } from 'react-admin';
import type { Loaded } from '../cases/useCaseData';
import type { TongpaiDataProvider } from '../providers/dataProvider';

/** Something the citizen's pages show, loaded once and again on `reload` (after a change the page made). */
export function useCitizenData<T>(
  load: (dataProvider: TongpaiDataProvider) => Promise<T>,
): Loaded<T> & { reload: () => void } {
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let cancelled = false;
    load(dataProvider).then(
      (data) => !cancelled && setState({ status: 'loaded', data }),
      (error: unknown) =>
        !cancelled &&
        setState({ status: 'failed', reason: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      cancelled = true;
    };
    // `load` is a module-level function at every call site; `version` says when to load again.
  }, [dataProvider, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { ...state, reload };
}
