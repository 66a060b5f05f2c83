/** The headline figures as tiles: the console's cards and the big screen's large numbers. */
import Box from '@mui/material/Box';
import Paper from '@mui/material/Paper';
import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';
import type { DashboardFigures } from '../../../domain/dashboard-schemas';
import { kpis } from './Kpis';

export const KpiTiles = ({ figures, big = false }: { figures: DashboardFigures; big?: boolean }) => {
  const translate = useTranslate();
  const tiles = kpis(figures);
  return (
    <Box
      sx={{ display: 'grid', gridTemplateColumns: `repeat(${tiles.length}, 1fr)`, gap: big ? 3 : 2 }}
      data-testid="dashboard-kpis"
    >
      {tiles.map((k) => (
        <Paper key={k.id} variant="outlined" sx={{ p: big ? 2.5 : 1.5 }} data-kpi={k.id}>
          <Typography sx={{ fontSize: big ? 24 : 14 }} color="text.secondary">
            {translate(`tongpai.dashboard.kpi.${k.id}`)}
          </Typography>
          <Typography
            sx={{
              fontSize: big ? 64 : 32,
              fontWeight: 600,
              lineHeight: 1.2,
              fontVariantNumeric: 'tabular-nums',
            }}
            color={k.alert ? 'warning.main' : 'text.primary'}
            data-testid={`kpi-${k.id}`}
          >
            {k.value}
          </Typography>
          {k.detail && (
            <Typography sx={{ fontSize: big ? 20 : 12 }} color="text.secondary">
              {translate(`tongpai.dashboard.kpi_detail.${k.detail.id}`, k.detail.values)}
            </Typography>
          )}
        </Paper>
      ))}
    </Box>
  );
};
