/** What a redeemed code gave: the photo, its verification, the reads left and the certificate's key. */
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';
import type { RedeemedPhoto } from './citizenCalls';
import { useDateText } from './useDateText';
import { VerificationResult } from './VerificationResult';

export const RedeemedPhotoCard = ({ read }: { read: RedeemedPhoto }) => {
  const translate = useTranslate();
  const dateText = useDateText();
  const t = (key: string, args?: Record<string, unknown>) => translate(`tongpai.citizen.redeem.${key}`, args);
  return (
    <Card component="section" aria-label={t('photo')}>
      <CardContent>
        <Stack spacing={1} alignItems="flex-start">
          <img
            src={`data:${read.photo.mediaType};base64,${read.photo.base64}`}
            alt={t('photo')}
            style={{ maxWidth: '100%', maxHeight: 320 }}
          />
          <VerificationResult result={read.verification} />
          <Typography variant="body2">{t('reads_left', { left: read.readsLeft })}</Typography>
          <Typography variant="body2" color="text.secondary">
            {t('issued', { date: dateText(read.certificate.issuedAt), key: read.certificate.keyId })}
          </Typography>
        </Stack>
      </CardContent>
    </Card>
  );
};
