/** Every station in scope with a light for online (a capture or heartbeat lately) and today's captures. */
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';
import type { DashboardFigures } from '../../../domain/dashboard-schemas';
import { useDashboardStationName } from './useStationName';

/** What a dashboard panel's content is given: the figures, and its type size (larger on the big screen). */
export interface DashboardPanelProps {
  figures: DashboardFigures;
  fontSize?: number;
}

export const StationBoard = ({ figures, fontSize = 14 }: DashboardPanelProps) => {
  const translate = useTranslate();
  const name = useDashboardStationName(figures);
  return (
    <Stack spacing={fontSize / 14} data-testid="dashboard-stations">
      {figures.stations.list.map((s) => (
        <Stack key={s.id} direction="row" spacing={1.5} sx={{ alignItems: 'center' }} data-online={s.online}>
          <Box
            sx={{
              width: fontSize * 0.75,
              height: fontSize * 0.75,
              borderRadius: '50%',
              flexShrink: 0,
              bgcolor: s.online ? 'success.main' : 'grey.600',
            }}
            title={translate(s.online ? 'tongpai.dashboard.online' : 'tongpai.dashboard.offline')}
          />
          <Typography sx={{ fontSize, flexGrow: 1 }} noWrap title={s.id}>
            {name(s.id)}
          </Typography>
          <Typography sx={{ fontSize, fontVariantNumeric: 'tabular-nums' }}>{s.capturesToday}</Typography>
        </Stack>
      ))}
    </Stack>
  );
};
