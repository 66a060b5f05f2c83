/** What a grant allows: which photo and profiles, for what, until when, how many reads, and for whom. */
import Button from '@mui/material/Button';
import MenuItem from '@mui/material/MenuItem';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import { useState } from 'react';
import { useDataProvider, useTranslate } from 'react-admin';
import { useSearchParams } from 'react-router-dom';
import type { IssuedPhoto } from '../../../db/issued-photos';
import type { GrantPurpose } from '../../../domain/grants';
import { useBilingual } from '../cases/useBilingual';
import type { TongpaiDataProvider } from '../providers/dataProvider';
import { useNotifyFailure } from './useNotifyFailure';
import type { CreatedGrant, GrantOptions } from './citizenCalls';
import { ProfileChoice } from './ProfileChoice';
import { useDateText } from './useDateText';

interface GrantFormProps {
  photos: IssuedPhoto[];
  options: GrantOptions;
  onCreated: (created: CreatedGrant) => void;
}

export const GrantForm = ({ photos, options, onCreated }: GrantFormProps) => {
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const translate = useTranslate();
  const notifyFailure = useNotifyFailure();
  const text = useBilingual();
  const dateText = useDateText();
  const [search] = useSearchParams();
  const caseIds = [...new Set(photos.map((p) => p.caseId))];
  const [caseId, setCaseId] = useState(caseIds.find((id) => id === search.get('caseId')) ?? caseIds[0]!);
  const [profiles, setProfiles] = useState<string[]>(search.get('profile') ? [search.get('profile')!] : []);
  const [purpose, setPurpose] = useState<GrantPurpose>(options.purposes[0]!.purpose);
  const [purposeText, setPurposeText] = useState('');
  const [days, setDays] = useState(String(Math.min(7, Math.floor(options.maxExpiryDays))));
  const [maxReads, setMaxReads] = useState(String(Math.min(5, options.maxReads)));
  const [clientId, setClientId] = useState('');
  const [busy, setBusy] = useState(false);
  const ofCase = photos.filter((p) => p.caseId === caseId);
  const chosen = profiles.filter((p) => ofCase.some((photo) => photo.profileId === p));
  const label = (field: string, args?: Record<string, unknown>) =>
    translate(`resources.my-grants.fields.${field}`, args);

  const submit = async () => {
    setBusy(true);
    try {
      onCreated(
        await dataProvider.createGrant({
          caseId,
          profiles: chosen,
          purpose,
          ...(purpose === 'other' ? { purposeText } : {}),
          expiresAt: new Date(Date.now() + Number(days) * 86_400_000).toISOString(),
          maxReads: Number(maxReads),
          ...(clientId ? { clientId } : {}),
        }),
      );
    } catch (error) {
      notifyFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack spacing={2} component="form" onSubmit={(event) => event.preventDefault()}>
      <TextField select label={label('photo')} value={caseId} onChange={(e) => setCaseId(e.target.value)}>
        {caseIds.map((id) => (
          <MenuItem key={id} value={id}>
            {translate('tongpai.citizen.issued_at', {
              date: dateText(photos.find((p) => p.caseId === id)!.issuedAt),
            })}
          </MenuItem>
        ))}
      </TextField>
      <ProfileChoice
        label={label('profiles')}
        profileIds={ofCase.map((photo) => photo.profileId)}
        chosen={chosen}
        onChange={setProfiles}
      />
      <TextField
        select
        label={label('purpose')}
        value={purpose}
        onChange={(e) => setPurpose(e.target.value as GrantPurpose)}
      >
        {options.purposes.map((p) => (
          <MenuItem key={p.purpose} value={p.purpose}>
            {text(p.label)}
          </MenuItem>
        ))}
      </TextField>
      {purpose === 'other' && (
        <TextField
          required
          label={label('purposeText')}
          value={purposeText}
          onChange={(e) => setPurposeText(e.target.value)}
        />
      )}
      <TextField
        type="number"
        label={label('expiresInDays', { max: options.maxExpiryDays })}
        value={days}
        onChange={(e) => setDays(e.target.value)}
        slotProps={{ htmlInput: { min: 1, max: options.maxExpiryDays } }}
      />
      <TextField
        type="number"
        label={label('maxReads', { max: options.maxReads })}
        value={maxReads}
        onChange={(e) => setMaxReads(e.target.value)}
        slotProps={{ htmlInput: { min: 1, max: options.maxReads } }}
      />
      <TextField
        select
        label={label('thirdParty')}
        value={clientId}
        onChange={(e) => setClientId(e.target.value)}
      >
        <MenuItem value="">{label('anyThirdParty')}</MenuItem>
        {options.thirdParties.map((p) => (
          <MenuItem key={p.clientId} value={p.clientId}>
            {p.registeredName}
          </MenuItem>
        ))}
      </TextField>
      <Button
        variant="contained"
        disabled={busy || !chosen.length || (purpose === 'other' && !purposeText.trim())}
        onClick={() => void submit()}
      >
        {translate('tongpai.citizen.grant.create')}
      </Button>
    </Stack>
  );
};
