import { useLocaleState, useRecordContext } from 'react-admin';
import type { Station } from '../../../domain/cases';

/** The region of the station in context, by name in the console's current language. */
export const RegionName = () => {
  const station = useRecordContext<Station>();
  const [locale] = useLocaleState();
  return station ? <>{locale === 'en' ? station.regionNameEn : station.regionNameZh}</> : null;
};
