/** Who is signed in, as the app bar shows it: roles and station (the user menu beside it shows the name). */
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import PlaceIcon from '@mui/icons-material/Place';
import { useGetIdentity, useGetMany, useTranslate } from 'react-admin';
import type { Station } from '../../../domain/cases';
import type { TongpaiIdentity } from '../providers/authProvider';
import { useStationName } from '../stations/StationName';

const StationChip = ({ stationId }: { stationId: string }) => {
  const stationName = useStationName();
  const { data } = useGetMany<Station>('stations', { ids: [stationId] });
  const station = data?.find((s) => s.id === stationId);
  const name = station ? stationName(station) : stationId;
  return (
    <Chip
      size="small"
      icon={<PlaceIcon />}
      label={name}
      sx={{ color: 'inherit', '& .MuiChip-icon': { color: 'inherit' } }}
      variant="outlined"
    />
  );
};

export const PrincipalSummary = () => {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const principal = (identity as TongpaiIdentity | undefined)?.principal;
  if (!principal) return null;
  return (
    <Stack
      direction="row"
      spacing={1}
      sx={{ alignItems: 'center', display: { xs: 'none', md: 'flex' }, mx: 1 }}
    >
      {principal.roles.map((role) => (
        <Chip
          key={role}
          size="small"
          label={translate(`tongpai.role.${role}`)}
          sx={{ color: 'inherit', borderColor: 'currentColor' }}
          variant="outlined"
        />
      ))}
      {principal.stationId && <StationChip stationId={principal.stationId} />}
    </Stack>
  );
};
