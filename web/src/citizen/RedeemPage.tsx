/**
 * The third-party page: a person at a third party types the citizen's code and sees the photo and whether it
 * verifies (the check POST /verify makes). Every read is counted and shows in the citizen's access log.
 */
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useDataProvider, useTranslate } from 'react-admin';
import { documentProfiles } from '../../../domain/cases';
import type { TongpaiDataProvider } from '../providers/dataProvider';
import type { RedeemedPhoto } from './citizenCalls';
import { CitizenPage } from './CitizenPage';
import { RedeemedPhotoCard } from './RedeemedPhotoCard';
import { useProfileName } from './useProfileName';

export const RedeemPage = () => {
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const translate = useTranslate();
  const profileName = useProfileName();
  const [code, setCode] = useState('');
  const [profile, setProfile] = useState<string>(documentProfiles[0]);
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ read: RedeemedPhoto } | { refused: string }>();
  const t = (key: string) => translate(`tongpai.citizen.redeem.${key}`);
  const redeem = async () => {
    setBusy(true);
    setAnswer(undefined);
    try {
      setAnswer({ read: await dataProvider.redeem(code, profile) });
    } catch (error) {
      setAnswer({ refused: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <CitizenPage title="resources.redeem.name">
      <Stack spacing={2} component="form" onSubmit={(event) => event.preventDefault()}>
        <TextField
          label={t('code')}
          helperText={t('code_hint')}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          slotProps={{ htmlInput: { autoCapitalize: 'characters', autoComplete: 'off', spellCheck: false } }}
        />
        <TextField select label={t('profile')} value={profile} onChange={(e) => setProfile(e.target.value)}>
          {documentProfiles.map((id) => (
            <MenuItem key={id} value={id}>
              {profileName(id)}
            </MenuItem>
          ))}
        </TextField>
        <Button
          variant="contained"
          type="submit"
          disabled={busy || !code.trim()}
          onClick={() => void redeem()}
        >
          {t('submit')}
        </Button>
      </Stack>
      {answer && 'refused' in answer && (
        <Alert severity="error" data-testid="redeem-refused">
          {translate(answer.refused, { _: answer.refused })}
        </Alert>
      )}
      {answer && 'read' in answer && <RedeemedPhotoCard read={answer.read} />}
    </CitizenPage>
  );
};
