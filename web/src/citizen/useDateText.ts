import { useLocaleState } from 'react-admin';

/** A date-time from the API in the console's language. */
export function useDateText(): (iso: string) => string {
  const [locale] = useLocaleState();
  return (iso) =>
    new Date(iso).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short', hour12: false });
}
