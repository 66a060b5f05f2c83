/** One grant: for what and whom, until when, its state and reads left. */
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';
import type { Grant } from '../../../domain/grants';
import { useBilingual } from '../cases/useBilingual';
import { RevokeGrantButton } from './RevokeGrantButton';
import { useDateText } from './useDateText';
import { useProfileName } from './useProfileName';

const stateColour = {
  active: 'success',
  revoked: 'error',
  expired: 'default',
  exhausted: 'warning',
} as const;

export const GrantCard = ({ grant, onRevoked }: { grant: Grant; onRevoked: () => void }) => {
  const translate = useTranslate();
  const text = useBilingual();
  const profileName = useProfileName();
  const dateText = useDateText();
  const t = (key: string, args?: Record<string, unknown>) => translate(`tongpai.citizen.grant.${key}`, args);
  const purpose = grant.purposeText
    ? `${text(grant.purposeLabel)}：${grant.purposeText}`
    : text(grant.purposeLabel);
  return (
    <Card component="section" aria-label={purpose} data-testid="grant">
      <CardContent>
        <Stack direction="row" justifyContent="space-between" alignItems="center" gap={1}>
          <Typography variant="subtitle1" component="h2">
            {purpose}
          </Typography>
          <Chip size="small" color={stateColour[grant.state]} label={t(`state.${grant.state}`)} />
        </Stack>
        <Typography variant="body2">{grant.profiles.map(profileName).join('、')}</Typography>
        <Typography variant="body2" color="text.secondary">
          {grant.thirdParty ? t('to', { name: grant.thirdParty.registeredName }) : t('to_anyone')}
        </Typography>
        <Typography variant="body2" data-testid="reads-left">
          {t('reads_left', { left: grant.readsLeft, max: grant.maxReads })}
        </Typography>
        <Typography variant="body2" color="text.secondary">
          {t('expires', { date: dateText(grant.expiresAt) })}
        </Typography>
        {(grant.state === 'active' || grant.state === 'exhausted') && (
          <RevokeGrantButton grant={grant} onRevoked={onRevoked} />
        )}
      </CardContent>
    </Card>
  );
};
