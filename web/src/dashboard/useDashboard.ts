/**
 * The dashboard's figures, fetched now and again every `intervalMs` while the page is open (polling: the
 * console's bearer token cannot go on an EventSource, and a token in a URL would land in logs). A failed
 * refresh keeps the last figures on screen and says so.
 */
import { useEffect, useState } from 'react';
import { useDataProvider } from 'react-admin';
import type { DashboardFigures } from '../../../domain/dashboard-schemas';
import type { TongpaiDataProvider } from '../providers/dataProvider';

export const refreshMs = 15_000;

export function useDashboard(intervalMs = refreshMs): { figures?: DashboardFigures; failed: boolean } {
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const [figures, setFigures] = useState<DashboardFigures>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    const load = () =>
      dataProvider.getDashboard().then(
        (answer) => {
          if (!live) return;
          setFigures(answer);
          setFailed(false);
        },
        () => live && setFailed(true),
      );
    void load();
    const timer = setInterval(() => void load(), intervalMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [dataProvider, intervalMs]);
  return { figures, failed };
}
