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
import type { DashboardPanelProps } from './StationBoard';

/** One row per client: its name, then figures by column (the column's key names its heading). */
function ClientTable<Row>({
  rows,
  nameOf,
  nameHeading,
  columns,
  fontSize,
  alarming = () => false,
  testId,
}: {
  rows: Row[];
  nameOf: (row: Row) => string;
  nameHeading: string;
  columns: readonly (keyof Row & string)[];
  fontSize: number;
  alarming?: (row: Row, column: keyof Row) => boolean;
  testId: string;
}) {
  const translate = useTranslate();
  const cell = { fontSize, py: fontSize / 28, fontVariantNumeric: 'tabular-nums' };
  const heading = (key: string) => translate(`tongpai.dashboard.sharing.${key}`);
  return (
    <Table size="small" data-testid={testId}>
      <TableHead>
        <TableRow>
          <TableCell sx={cell}>{heading(nameHeading)}</TableCell>
          {columns.map((c) => (
            <TableCell key={c} sx={cell} align="right">
              {heading(c)}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row) => (
          <TableRow key={nameOf(row)}>
            <TableCell sx={cell}>{nameOf(row)}</TableCell>
            {columns.map((c) => (
              <TableCell
                key={c}
                sx={alarming(row, c) ? { ...cell, color: 'error.main' } : cell}
                align="right"
              >
                {String(row[c] ?? '—')}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

type ClientGrants = DashboardFigures['sharing']['byClient'][number];
type ClientCalls = DashboardFigures['interfaceCalls'][number];

const allGrantColumns = ['activeGrants', 'grantsToday', 'readsToday', 'reads', 'revocationsToday'] as const;
/** What fits across the big screen's narrower panel. */
const bigScreenGrantColumns = ['activeGrants', 'readsToday', 'revocationsToday'] as const;

export const SharingPanel = ({
  figures,
  fontSize = 14,
  narrow = false,
}: DashboardPanelProps & { narrow?: boolean }) => {
  const translate = useTranslate();
  const { sharing, interfaceCalls } = figures;
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
      <ClientTable<ClientGrants>
        rows={sharing.byClient}
        nameOf={(c) => c.name ?? c.clientId ?? translate('tongpai.dashboard.sharing.any_client')}
        nameHeading="client"
        columns={narrow ? bigScreenGrantColumns : allGrantColumns}
        fontSize={fontSize}
        testId="dashboard-sharing-grants"
      />
      <ClientTable<ClientCalls>
        rows={interfaceCalls}
        nameOf={(c) => c.clientId}
        nameHeading="interface_client"
        columns={['calls', 'errors', 'averageLatencyMs']}
        fontSize={fontSize}
        alarming={(c, column) => column === 'errors' && c.errors > 0}
        testId="dashboard-interface-calls"
      />
    </Stack>
  );
};
