import { useRecordContext } from 'react-admin';
import type { Station } from '../../../domain/cases';
import { useMessageLanguage } from '../i18n/useMessageLanguage';

/** The region of the station in context, by name in the console's current language. */
export const RegionName = () => {
  const station = useRecordContext<Station>();
  const language = useMessageLanguage();
  return station ? <>{language === 'zh' ? station.regionNameZh : station.regionNameEn}</> : null;
};
