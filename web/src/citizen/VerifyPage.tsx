/** The verify link: the photo's bytes checked by POST /verify, as anyone holding the file could check them. */
import { useParams } from 'react-router-dom';
import { useTranslate } from 'react-admin';
import { CitizenPage } from './CitizenPage';
import { WhenLoaded } from './Loading';
import { VerificationResult } from './VerificationResult';
import { useLoaded } from '../providers/useLoaded';
import { useProfileName } from './useProfileName';

export const VerifyPage = () => {
  const { caseId = '', profileId = '' } = useParams();
  const translate = useTranslate();
  const profileName = useProfileName();
  const verification = useLoaded(`${caseId}/${profileId}`, async (dataProvider) =>
    dataProvider.verifyPhoto(await dataProvider.getMyPhoto(caseId, profileId)),
  );
  return (
    <CitizenPage title="tongpai.citizen.verify">
      <span>{translate('tongpai.citizen.verification.title', { profile: profileName(profileId) })}</span>
      <WhenLoaded loaded={verification}>{(result) => <VerificationResult result={result} />}</WhenLoaded>
    </CitizenPage>
  );
};
