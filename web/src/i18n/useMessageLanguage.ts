import { useLocaleState } from 'react-admin';
import { messageLanguageOf, type MessageLanguage } from '../providers/problem';

/** Which of the server's two languages (zh, en) matches the console's locale. */
export function useMessageLanguage(): MessageLanguage {
  const [locale] = useLocaleState();
  return messageLanguageOf(locale);
}
