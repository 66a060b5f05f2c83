/** A new grant: the form, then its code and QR code, shown this once. */
import { useState } from 'react';
import { useTranslate } from 'react-admin';
import type { IssuedPhoto } from '../../../db/issued-photos';
import type { CreatedGrant, GrantOptions } from './citizenCalls';
import { CitizenPage } from './CitizenPage';
import { CreatedCode } from './CreatedCode';
import { GrantForm } from './GrantForm';
import { WhenLoaded } from './Loading';
import { useLoaded } from '../providers/useLoaded';

const loadChoices = async (dataProvider: {
  getMyPhotos(): Promise<IssuedPhoto[]>;
  getGrantOptions(): Promise<GrantOptions>;
}) => {
  const [photos, options] = await Promise.all([dataProvider.getMyPhotos(), dataProvider.getGrantOptions()]);
  return { photos: photos.filter((p) => p.state === 'issued'), options };
};

export const GrantCreatePage = () => {
  const translate = useTranslate();
  const choices = useLoaded('grant-choices', loadChoices);
  const [created, setCreated] = useState<CreatedGrant>();
  return (
    <CitizenPage title={created ? 'tongpai.citizen.grant.code_title' : 'tongpai.citizen.grant.new'}>
      {created ? (
        <CreatedCode created={created} />
      ) : (
        <WhenLoaded loaded={choices}>
          {({ photos, options }) =>
            photos.length ? (
              <GrantForm photos={photos} options={options} onCreated={setCreated} />
            ) : (
              translate('tongpai.citizen.none_issued')
            )
          }
        </WhenLoaded>
      )}
    </CitizenPage>
  );
};
