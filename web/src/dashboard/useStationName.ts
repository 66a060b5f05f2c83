/** A station's name in the console's language, from the dashboard's own station list. */
import { useMessageLanguage } from '../i18n/useMessageLanguage';
import type { DashboardFigures } from '../../../domain/dashboard-schemas';

export function useDashboardStationName(figures?: DashboardFigures): (id: string) => string {
  const language = useMessageLanguage();
  return (id) => {
    const station = figures?.stations.list.find((s) => s.id === id);
    if (!station) return id;
    return language === 'zh' ? station.nameZh : station.nameEn;
  };
}
