/** The anomalies the server found, one line each, in the console's language; "none" when all is well. */
import List from '@mui/material/List';
import ListItem from '@mui/material/ListItem';
import ListItemIcon from '@mui/material/ListItemIcon';
import ListItemText from '@mui/material/ListItemText';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import CheckCircleOutlineIcon from '@mui/icons-material/CheckCircleOutline';
import { useLocaleState, useTranslate } from 'react-admin';
import type { Anomaly, DashboardFigures } from '../../../domain/dashboard-schemas';
import { useBilingual } from '../cases/useBilingual';
import { percent } from './charts';
import { useDashboardStationName } from './useStationName';

const share = (p: { failures: number; attempts: number }) =>
  `${percent(p.attempts ? p.failures / p.attempts : 0)} (${p.failures}/${p.attempts})`;

function useAnomalyText(figures: DashboardFigures): (a: Anomaly) => string {
  const translate = useTranslate();
  const text = useBilingual();
  const [locale] = useLocaleState();
  const station = useDashboardStationName(figures);
  return (a) => {
    const key = `tongpai.dashboard.anomaly.${a.kind}`;
    switch (a.kind) {
      case 'stuck_workflows':
        return translate(key, { count: a.count, since: new Date(a.oldestSince).toLocaleString(locale) });
      case 'target_failing':
        return translate(key, { name: text(a.name), failures: a.failures, error: a.lastError ?? '' });
      case 'check_spike':
        return translate(key, {
          station: station(a.stationId),
          check: a.checkId,
          recent: share(a.recent),
          baseline: share(a.baseline),
          others: share(a.others),
        });
      case 'unusual_volume':
        return translate(key, {
          station: station(a.stationId),
          today: a.today,
          mean: Math.round(a.dailyMean * 10) / 10,
        });
      case 'unusual_reads':
        return translate(key, {
          client: a.clientId,
          today: a.today,
          mean: Math.round(a.dailyMean * 10) / 10,
        });
      case 'exchange_stalled':
        return translate(key, {
          pending: a.pending,
          since: new Date(a.oldestSince).toLocaleString(locale),
          attempts: a.attempts,
          error: a.lastError ?? '',
        });
    }
  };
}

export const AnomalyList = ({ figures, fontSize }: { figures: DashboardFigures; fontSize?: number }) => {
  const translate = useTranslate();
  const describe = useAnomalyText(figures);
  const typography = { primaryTypographyProps: fontSize ? { fontSize } : {} };
  return (
    <List dense data-testid="dashboard-anomalies">
      {figures.anomalies.length === 0 && (
        <ListItem>
          <ListItemIcon>
            <CheckCircleOutlineIcon color="success" />
          </ListItemIcon>
          <ListItemText {...typography} primary={translate('tongpai.dashboard.no_anomalies')} />
        </ListItem>
      )}
      {figures.anomalies.map((a, i) => (
        <ListItem key={i} data-kind={a.kind}>
          <ListItemIcon>
            <WarningAmberIcon color="warning" />
          </ListItemIcon>
          <ListItemText {...typography} primary={describe(a)} />
        </ListItem>
      ))}
    </List>
  );
};
