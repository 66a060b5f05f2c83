/** 我的照片: the citizen's issued photos, each with its downloads, certificate, verification and sharing. */
import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';
import { CitizenPage } from './CitizenPage';
import { WhenLoaded } from './Loading';
import { PhotoCard } from './PhotoCard';
import { useLoaded } from '../providers/useLoaded';

export const MyPhotosPage = () => {
  const translate = useTranslate();
  const photos = useLoaded('my-photos', (dataProvider) => dataProvider.getMyPhotos());
  return (
    <CitizenPage title="resources.my-photos.name">
      <WhenLoaded loaded={photos}>
        {(list) =>
          list.length ? (
            list.map((photo) => <PhotoCard key={`${photo.caseId}/${photo.profileId}`} photo={photo} />)
          ) : (
            <Typography color="text.secondary">{translate('tongpai.citizen.none_issued')}</Typography>
          )
        }
      </WhenLoaded>
    </CitizenPage>
  );
};
