import { useLocaleState } from 'react-admin';
import type { Bilingual } from '../../../domain/cases';

/** Picks the server's bilingual text (check messages, profile names) in the console's language. */
export function useBilingual(): (text: Bilingual) => string {
  const [locale] = useLocaleState();
  return (text) => (locale.startsWith('zh') ? text.zh : text.en);
}
