import { useEffect, useState } from 'react';
import { useDataProvider } from 'react-admin';
import type { TongpaiDataProvider } from './dataProvider';

export type Loaded<T> =
  { status: 'loading' } | { status: 'loaded'; data: T } | { status: 'failed'; reason: string };

/**
 * Something a page shows beside react-admin's records, loaded with the data provider and loaded again whenever
 * `key` changes; nothing is loaded while `key` is undefined.
 */
export function useLoaded<T>(
  key: string | undefined,
  load: (dataProvider: TongpaiDataProvider) => Promise<T>,
): Loaded<T> {
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const [state, setState] = useState<Loaded<T>>({ status: 'loading' });
  useEffect(() => {
    if (key === undefined) return;
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
    // `load` is made anew at each render; `key` says what it loads.
  }, [dataProvider, key]);
  return state;
}
