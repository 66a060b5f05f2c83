/**
 * The 驾驶舱 in the console, for those who oversee the service (administrators, supervisors, auditors): the
 * headline figures, the charts, each library's deliveries, the anomalies and the fairness monitoring, over
 * the reader's region. Refreshes on its own; the big-screen button opens the same figures for a wall display.
 */
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import TvIcon from '@mui/icons-material/Tv';
import type { ReactNode } from 'react';
import ReactECharts from 'echarts-for-react';
import { Link } from 'react-router-dom';
import { Title, useLocaleState, useTranslate } from 'react-admin';
import type { DashboardFigures } from '../../../domain/dashboard-schemas';
import { useBilingual } from '../cases/useBilingual';
import { AnomalyList } from './AnomalyList';
import { checksOption, fairnessOption, percent, trendOption, verdictsOption, type ChartLook } from './charts';
import { KpiTiles } from './KpiTiles';
import { SharingPanel } from './SharingPanel';
import { StationBoard } from './StationBoard';
import { useDashboard } from './useDashboard';
import { useDashboardStationName } from './useStationName';

const look: ChartLook = { dark: false, fontSize: 12 };

const Panel = ({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) => {
  const translate = useTranslate();
  return (
    <Card variant="outlined" data-testid={testId}>
      <CardContent>
        <Typography variant="subtitle1" gutterBottom>
          {translate(title)}
        </Typography>
        {children}
      </CardContent>
    </Card>
  );
};

const UpstreamTable = ({ figures }: { figures: DashboardFigures }) => {
  const translate = useTranslate();
  const text = useBilingual();
  const columns = ['delivered', 'deliveredToday', 'backlog', 'rejected', 'failuresInWindow'] as const;
  return (
    <Table size="small" data-testid="dashboard-upstream">
      <TableHead>
        <TableRow>
          <TableCell>{translate('tongpai.dashboard.upstream.target')}</TableCell>
          {columns.map((c) => (
            <TableCell key={c} align="right">
              {translate(`tongpai.dashboard.upstream.${c}`)}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {figures.upstream.map((t) => (
          <TableRow key={t.target}>
            <TableCell>{text(t.name)}</TableCell>
            {columns.map((c) => (
              <TableCell
                key={c}
                align="right"
                sx={c === 'failuresInWindow' && t[c] ? { color: 'error.main' } : {}}
              >
                {t[c]}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

const FairnessAlerts = ({ figures }: { figures: DashboardFigures }) => {
  const translate = useTranslate();
  const station = useDashboardStationName(figures);
  const groupName = (dimension: string, group: string) =>
    dimension === 'sex'
      ? translate(`tongpai.dashboard.sex.${group}`)
      : dimension === 'station'
        ? station(group)
        : translate('tongpai.dashboard.age_band', { band: group });
  return (
    <Stack spacing={1} data-testid="dashboard-fairness">
      {figures.fairness.alerts.length === 0 && (
        <Alert severity="success">{translate('tongpai.dashboard.fairness.no_drift')}</Alert>
      )}
      {figures.fairness.alerts.map((a) => (
        <Alert key={`${a.dimension}-${a.group}-${a.measure}`} severity="warning">
          {translate('tongpai.dashboard.fairness.drift', {
            group: groupName(a.dimension, a.group),
            measure: translate(`tongpai.verdict.${a.measure}`),
            rate: percent(a.rate),
            rest: percent(a.restRate),
            z: a.z.toFixed(1),
          })}
        </Alert>
      ))}
      <Typography variant="body2" color="text.secondary">
        {translate('tongpai.dashboard.fairness.limits', { unrecorded: figures.fairness.unrecorded })}
      </Typography>
    </Stack>
  );
};

export const DashboardPage = () => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { figures, failed } = useDashboard();
  const stationName = useDashboardStationName(figures);
  const text = { translate, stationName };
  return (
    <Box sx={{ p: 2 }}>
      <Title title="tongpai.dashboard.title" />
      <Stack direction="row" spacing={2} sx={{ alignItems: 'center', mb: 2 }}>
        <Typography variant="h5" sx={{ flexGrow: 1 }}>
          {translate('tongpai.dashboard.title')}
        </Typography>
        {figures && (
          <Typography variant="body2" color="text.secondary" data-testid="dashboard-updated">
            {translate('tongpai.dashboard.updated', {
              at: new Date(figures.generatedAt).toLocaleTimeString(locale),
            })}
          </Typography>
        )}
        <Button component={Link} to="/big-screen" variant="outlined" startIcon={<TvIcon />}>
          {translate('tongpai.dashboard.big_screen')}
        </Button>
      </Stack>
      {failed && <Alert severity="warning">{translate('tongpai.dashboard.refresh_failed')}</Alert>}
      {!figures ? (
        <CircularProgress />
      ) : (
        <Stack spacing={2}>
          <KpiTiles figures={figures} />
          <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', lg: '2fr 1fr' }, gap: 2 }}>
            <Panel title="tongpai.dashboard.panel.trend">
              <ReactECharts option={trendOption(figures, look, text)} style={{ height: 260 }} />
            </Panel>
            <Panel title="tongpai.dashboard.panel.anomalies">
              <AnomalyList figures={figures} />
            </Panel>
            <Panel title="tongpai.dashboard.panel.verdicts">
              <ReactECharts option={verdictsOption(figures, look, text)} style={{ height: 260 }} />
            </Panel>
            <Panel title="tongpai.dashboard.panel.stations">
              <StationBoard figures={figures} />
            </Panel>
            <Panel title="tongpai.dashboard.panel.checks">
              <ReactECharts option={checksOption(figures, look, text)} style={{ height: 260 }} />
            </Panel>
            <Panel title="tongpai.dashboard.panel.review">
              <Typography>
                {translate('tongpai.dashboard.review_summary', {
                  inReview: figures.review.inReview,
                  second: figures.review.awaitingSecondApproval,
                  breached: figures.review.slaBreached,
                  escalated: figures.review.escalated,
                })}
              </Typography>
            </Panel>
            <Panel title="tongpai.dashboard.panel.upstream">
              <UpstreamTable figures={figures} />
            </Panel>
            <Panel title="tongpai.dashboard.panel.sharing">
              <SharingPanel figures={figures} />
            </Panel>
            <Panel title="tongpai.dashboard.panel.fairness" testId="dashboard-fairness-panel">
              <ReactECharts option={fairnessOption(figures, look, text)} style={{ height: 260 }} />
            </Panel>
            <Panel title="tongpai.dashboard.panel.drift">
              <FairnessAlerts figures={figures} />
            </Panel>
          </Box>
        </Stack>
      )}
    </Box>
  );
};
