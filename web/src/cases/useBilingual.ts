import type { Bilingual } from '../../../domain/cases';
import { useMessageLanguage } from '../i18n/useMessageLanguage';

/** Picks the server's bilingual text (check messages, profile names) in the console's language. */
export function useBilingual(): (text: Bilingual) => string {
  const language = useMessageLanguage();
  return (text) => text[language];
}
