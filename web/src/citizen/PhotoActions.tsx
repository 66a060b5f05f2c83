/** A photo's downloads (JPEG, certificate), its verification, and sharing it (photos in force only). */
import DownloadIcon from '@mui/icons-material/Download';
import ShareIcon from '@mui/icons-material/Share';
import VerifiedIcon from '@mui/icons-material/Verified';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import { useDataProvider, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';
import type { IssuedPhoto } from '../../../db/issued-photos';
import type { TongpaiDataProvider } from '../providers/dataProvider';
import { useNotifyFailure } from './useNotifyFailure';
import { saveBlob } from '../providers/saveBlob';

export const PhotoActions = ({ photo }: { photo: IssuedPhoto }) => {
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const translate = useTranslate();
  const notifyFailure = useNotifyFailure();
  const name = `${photo.caseId}-${photo.profileId}`;
  const downloadPhoto = async () => {
    try {
      saveBlob(await dataProvider.getMyPhoto(photo.caseId, photo.profileId), `${name}.jpg`);
    } catch (error) {
      notifyFailure(error);
    }
  };
  const downloadCertificate = () =>
    saveBlob(
      new Blob([JSON.stringify(photo.certificate, null, 2)], { type: 'application/json' }),
      `${name}.certificate.json`,
    );
  const path = `${encodeURIComponent(photo.caseId)}/${encodeURIComponent(photo.profileId)}`;
  return (
    <Stack direction="row" gap={1} flexWrap="wrap">
      <Button
        size="small"
        variant="outlined"
        startIcon={<DownloadIcon />}
        onClick={() => void downloadPhoto()}
      >
        {translate('tongpai.citizen.download')}
      </Button>
      <Button size="small" variant="outlined" startIcon={<DownloadIcon />} onClick={downloadCertificate}>
        {translate('tongpai.citizen.certificate')}
      </Button>
      <Button size="small" component={Link} to={`/verify/${path}`} startIcon={<VerifiedIcon />}>
        {translate('tongpai.citizen.verify')}
      </Button>
      {photo.state === 'issued' && (
        <Button
          size="small"
          variant="contained"
          component={Link}
          to={`/my-grants/create?caseId=${encodeURIComponent(photo.caseId)}&profile=${encodeURIComponent(photo.profileId)}`}
          startIcon={<ShareIcon />}
        >
          {translate('tongpai.citizen.share')}
        </Button>
      )}
    </Stack>
  );
};
