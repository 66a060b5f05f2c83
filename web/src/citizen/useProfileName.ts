import { useTranslate } from 'react-admin';

/** A standard photo's name (its document's), or its id when the console has no name for it. */
export function useProfileName(): (profileId: string) => string {
  const translate = useTranslate();
  return (profileId) => translate(`tongpai.document.${profileId}`, { _: profileId });
}
