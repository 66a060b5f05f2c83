/** One issued photo of the citizen's: the picture, its state, and what they can do with it. */
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import type { IssuedPhoto } from '../../../db/issued-photos';
import { useTranslate } from 'react-admin';
import { TokenImage } from '../cases/CaseImage';
import { PrintSheetButtons } from '../cases/PrintSheetButtons';
import { PhotoActions } from './PhotoActions';
import { useDateText } from './useDateText';
import { useProfileName } from './useProfileName';

export const PhotoCard = ({ photo }: { photo: IssuedPhoto }) => {
  const translate = useTranslate();
  const profileName = useProfileName();
  const dateText = useDateText();
  const inForce = photo.state === 'issued';
  return (
    <Card component="section" aria-label={profileName(photo.profileId)} data-testid="my-photo">
      <CardContent>
        <Stack direction="row" spacing={2}>
          <TokenImage
            load={(dataProvider) => dataProvider.getMyPhoto(photo.caseId, photo.profileId)}
            version={photo.sha256}
            alt={profileName(photo.profileId)}
            maxHeight={140}
          />
          <Stack spacing={1} sx={{ minWidth: 0 }}>
            <Typography variant="subtitle1" component="h2">
              {profileName(photo.profileId)}
            </Typography>
            <Chip
              size="small"
              sx={{ alignSelf: 'flex-start' }}
              color={inForce ? 'success' : 'default'}
              label={translate(`tongpai.citizen.state.${photo.state}`)}
            />
            <Typography variant="body2" color="text.secondary">
              {translate('tongpai.citizen.issued_at', { date: dateText(photo.issuedAt) })}
            </Typography>
          </Stack>
        </Stack>
        <Stack spacing={1} sx={{ mt: 2 }}>
          <PhotoActions photo={photo} />
          {inForce && (
            <Stack direction="row" alignItems="center" gap={1} flexWrap="wrap">
              <Typography variant="body2">{translate('tongpai.citizen.print_sheet')}</Typography>
              <PrintSheetButtons
                caseId={photo.caseId}
                profileId={photo.profileId}
                load={(dataProvider, size) =>
                  dataProvider.getMyPrintSheet(photo.caseId, photo.profileId, size)
                }
              />
            </Stack>
          )}
        </Stack>
      </CardContent>
    </Card>
  );
};
