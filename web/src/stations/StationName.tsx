import { useRecordContext } from 'react-admin';
import type { Station } from '../../../domain/cases';
import { useMessageLanguage } from '../i18n/useMessageLanguage';

/** A function giving a station's name in the console's current language (for option texts). */
export function useStationName(): (station: Pick<Station, 'nameZh' | 'nameEn'>) => string {
  const language = useMessageLanguage();
  return (station) => (language === 'zh' ? station.nameZh : station.nameEn);
}

/** The station of the record in context, by name; the stations' record representation. */
export const StationName = () => {
  const station = useRecordContext<Station>();
  const stationName = useStationName();
  return station ? <>{stationName(station)}</> : null;
};
