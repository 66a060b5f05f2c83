/**
 * The big screen (大屏): the dashboard's figures on a 1920x1080 dark canvas without the console's chrome, type
 * sized to be read from across a room, scaled to whatever screen shows it. It refreshes itself; nothing on it
 * needs a click.
 */
import { useEffect, useState, type ReactNode } from 'react';
import Box from '@mui/material/Box';
import CircularProgress from '@mui/material/CircularProgress';
import CssBaseline from '@mui/material/CssBaseline';
import Typography from '@mui/material/Typography';
import { ThemeProvider, createTheme } from '@mui/material/styles';
import ReactECharts from 'echarts-for-react';
import { useLocaleState, useTranslate } from 'react-admin';
import { AnomalyList } from './AnomalyList';
import { checksOption, fairnessOption, trendOption, verdictsOption, type ChartLook } from './charts';
import { KpiTiles } from './KpiTiles';
import { SharingPanel } from './SharingPanel';
import { StationBoard } from './StationBoard';
import { useDashboard } from './useDashboard';
import { useDashboardStationName } from './useStationName';

const width = 1920;
const height = 1080;
const look: ChartLook = { dark: true, fontSize: 20 };
const darkTheme = createTheme({
  palette: { mode: 'dark', background: { default: '#07111f', paper: '#0e1d33' } },
});

/** How much the 1920x1080 canvas must grow or shrink to fill the window. */
function useFitScale(): number {
  const fit = () => Math.min(window.innerWidth / width, window.innerHeight / height);
  const [scale, setScale] = useState(fit);
  useEffect(() => {
    const onResize = () => setScale(fit());
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return scale;
}

/** A titled area of the grid; its content fills the rest of the area (charts stretch to it). */
const Panel = ({ title, children, area }: { title: string; children: ReactNode; area: string }) => {
  const translate = useTranslate();
  return (
    <Box
      data-testid="big-screen-panel"
      sx={{
        gridArea: area,
        bgcolor: 'background.paper',
        borderRadius: 2,
        p: 2,
        minHeight: 0,
        overflow: 'hidden',
        display: 'flex',
        flexDirection: 'column',
      }}
    >
      <Typography sx={{ fontSize: 26, fontWeight: 600, mb: 1 }} color="primary.light" noWrap>
        {translate(title)}
      </Typography>
      <Box sx={{ flexGrow: 1, minHeight: 0 }}>{children}</Box>
    </Box>
  );
};

const chartStyle = { height: '100%', width: '100%' };
/** The charts by their grid area, which is also their title's key. */
const charts = [
  ['trend', trendOption],
  ['verdicts', verdictsOption],
  ['checks', checksOption],
  ['fairness', fairnessOption],
] as const;

export const BigScreen = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const scale = useFitScale();
  const { figures, failed } = useDashboard();
  const stationName = useDashboardStationName(figures);
  const text = { translate, stationName };
  return (
    <ThemeProvider theme={darkTheme}>
      <CssBaseline />
      <Box sx={{ width: '100vw', height: '100vh', overflow: 'hidden', bgcolor: 'background.default' }}>
        <Box
          data-testid="big-screen"
          sx={{
            width,
            height,
            transform: `scale(${scale})`,
            transformOrigin: 'top left',
            p: 3,
            display: 'flex',
            flexDirection: 'column',
            gap: 2.5,
          }}
        >
          <Box sx={{ display: 'flex', alignItems: 'baseline', gap: 3 }}>
            <Typography sx={{ fontSize: 44, fontWeight: 700, flexGrow: 1 }}>
              {translate('tongpai.dashboard.big_title')}
            </Typography>
            {failed && (
              <Typography sx={{ fontSize: 22 }} color="warning.main">
                {translate('tongpai.dashboard.refresh_failed')}
              </Typography>
            )}
            {figures && (
              <Typography sx={{ fontSize: 24 }} color="text.secondary">
                {translate('tongpai.dashboard.updated', {
                  at: new Date(figures.generatedAt).toLocaleTimeString(locale),
                })}
              </Typography>
            )}
          </Box>
          {!figures ? (
            <CircularProgress />
          ) : (
            <>
              <KpiTiles figures={figures} big />
              <Box
                sx={{
                  flexGrow: 1,
                  minHeight: 0,
                  display: 'grid',
                  gap: 2.5,
                  gridTemplateColumns: '1fr 1.4fr 1fr 1.3fr',
                  gridTemplateRows: 'minmax(0, 1fr) minmax(0, 1fr)',
                  gridTemplateAreas: `"stations trend anomalies sharing" "verdicts checks fairness sharing"`,
                }}
              >
                <Panel area="stations" title="tongpai.dashboard.panel.stations">
                  <StationBoard figures={figures} fontSize={22} />
                </Panel>
                <Panel area="anomalies" title="tongpai.dashboard.panel.anomalies">
                  <AnomalyList figures={figures} fontSize={20} />
                </Panel>
                <Panel area="sharing" title="tongpai.dashboard.panel.sharing">
                  <SharingPanel figures={figures} fontSize={20} narrow />
                </Panel>
                {charts.map(([area, chart]) => (
                  <Panel key={area} area={area} title={`tongpai.dashboard.panel.${area}`}>
                    <ReactECharts option={chart(figures, look, text)} theme="dark" style={chartStyle} />
                  </Panel>
                ))}
              </Box>
            </>
          )}
        </Box>
      </Box>
    </ThemeProvider>
  );
};
