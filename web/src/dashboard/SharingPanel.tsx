/**
 * Sharing on the dashboard: citizens' grants (active, given, read, revoked; today and all time) per client, and
 * every external client's interface calls today. Counted by the server, shown as they come.
 */
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTranslate } from 'react-admin';
import type { DashboardFigures } from '../../../domain/dashboard-schemas';

const grantColumns = ['activeGrants', 'grantsToday', 'readsToday', 'reads', 'revocationsToday'] as const;
const callColumns = ['calls', 'errors', 'averageLatencyMs'] as const;

export const SharingPanel = ({
  figures,
  fontSize = 14,
}: {
  figures: DashboardFigures;
  fontSize?: number;
}) => {
  const translate = useTranslate();
  const { sharing, interfaceCalls } = figures;
  const cell = { fontSize, py: fontSize / 28, fontVariantNumeric: 'tabular-nums' };
  const head = (key: string) => translate(`tongpai.dashboard.sharing.${key}`);
  return (
    <Stack spacing={1} data-testid="dashboard-sharing">
      <Typography sx={{ fontSize }}>
        {translate('tongpai.dashboard.sharing_summary', {
          active: sharing.activeGrants,
          today: sharing.grantsToday,
          reads: sharing.readsToday,
          revoked: sharing.revocationsToday,
        })}
      </Typography>
      <Table size="small" data-testid="dashboard-sharing-grants">
        <TableHead>
          <TableRow>
            <TableCell sx={cell}>{head('client')}</TableCell>
            {grantColumns.map((c) => (
              <TableCell key={c} sx={cell} align="right">
                {head(c)}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {sharing.byClient.map((c) => (
            <TableRow key={c.clientId ?? ''}>
              <TableCell sx={cell}>{c.name ?? c.clientId ?? head('any_client')}</TableCell>
              {grantColumns.map((k) => (
                <TableCell key={k} sx={cell} align="right">
                  {c[k]}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Table size="small" data-testid="dashboard-interface-calls">
        <TableHead>
          <TableRow>
            <TableCell sx={cell}>{head('interface_client')}</TableCell>
            {callColumns.map((c) => (
              <TableCell key={c} sx={cell} align="right">
                {head(c)}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {interfaceCalls.map((c) => (
            <TableRow key={c.clientId}>
              <TableCell sx={cell}>{c.clientId}</TableCell>
              {callColumns.map((k) => (
                <TableCell
                  key={k}
                  sx={k === 'errors' && c.errors ? { ...cell, color: 'error.main' } : cell}
                  align="right"
                >
                  {c[k] ?? '—'}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Stack>
  );
};
