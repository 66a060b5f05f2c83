/**
 * A photo's whole history for an auditor (GET /cases/:id/history): every audit entry and every workflow step
 * of the case, its deliveries and recalls, oldest first, with who, in which role, from which network and why;
 * exported for a case file as the signed JSON or the PDF. Opening it and exporting it are audited.
 */
import { useEffect, useRef, useState } from 'react';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import LinearProgress from '@mui/material/LinearProgress';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import ToggleButton from '@mui/material/ToggleButton';
import Typography from '@mui/material/Typography';
import DownloadIcon from '@mui/icons-material/Download';
import { Title, useDataProvider, useLocaleState, useNotify, useTranslate } from 'react-admin';
import { useParams } from 'react-router-dom';
import type { HistoryEntry, PhotoHistory } from '../../../domain/schemas';
import type { TongpaiDataProvider } from '../providers/dataProvider';
import { saveBlob } from '../providers/saveBlob';

const columns = ['at', 'stream', 'kind', 'actor', 'role', 'network', 'reason'] as const;

/** Shown unless every workflow event is asked for: the audit entries, each step's attempts, each workflow's run. */
const essential = ({ source, kind }: HistoryEntry) =>
  source === 'audit' || /^(ActivityTask(Started|Failed|TimedOut)|WorkflowExecution(?!Update))/.test(kind);

const EntryRow = ({ entry }: { entry: HistoryEntry }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const what =
    entry.source === 'audit'
      ? translate(`tongpai.timeline.action.${entry.kind}`, { _: entry.kind })
      : translate(`tongpai.timeline.event.${entry.kind}`, { _: entry.kind });
  const step = ['activity', 'update', 'signal']
    .map((k) => entry.details[k])
    .find((v) => typeof v === 'string');
  return (
    <TableRow data-kind={entry.kind}>
      <TableCell sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
        {new Date(entry.at).toLocaleString(locale, { hour12: false })}
      </TableCell>
      <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>
        {entry.source === 'audit' ? translate('tongpai.timeline.source.audit') : entry.stream.split('-')[0]}
      </TableCell>
      <TableCell>
        {what}
        {step ? ` · ${String(step)}` : ''}
      </TableCell>
      <TableCell>{entry.actor ?? ''}</TableCell>
      <TableCell>{entry.role ?? ''}</TableCell>
      <TableCell>
        {entry.network ? translate(`tongpai.network.${entry.network}`, { _: entry.network }) : ''}
      </TableCell>
      <TableCell sx={{ color: 'text.secondary' }}>{entry.reason ?? ''}</TableCell>
    </TableRow>
  );
};

export const PhotoHistoryPage = () => {
  const { id: caseId = '' } = useParams();
  const translate = useTranslate();
  const notify = useNotify();
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const [history, setHistory] = useState<PhotoHistory | { failed: string }>();
  const [exporting, setExporting] = useState(false);
  const [allEvents, setAllEvents] = useState(false);

  // Each read is recorded by the server: one request per case opened, also when React mounts the page twice
  // (StrictMode in development).
  const request = useRef<{ caseId: string; history: Promise<PhotoHistory> }>(undefined);
  useEffect(() => {
    let cancelled = false;
    if (request.current?.caseId !== caseId)
      request.current = { caseId, history: dataProvider.getPhotoHistory(caseId) };
    request.current.history.then(
      (h) => !cancelled && setHistory(h),
      (error: unknown) =>
        !cancelled && setHistory({ failed: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [caseId, dataProvider]);

  const exportAs = async (format: 'json' | 'pdf') => {
    setExporting(true);
    try {
      const file = await dataProvider.exportPhotoHistory(caseId, format);
      saveBlob(file, `photo-history-${caseId}.${format === 'pdf' ? 'pdf' : 'signed.json'}`);
      notify('tongpai.audit.exported', { type: 'success' });
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), { type: 'error' });
    } finally {
      setExporting(false);
    }
  };

  return (
    <Card sx={{ mt: 2 }}>
      <Title title="tongpai.audit.history_title" />
      <CardContent>
        {history === undefined ? (
          <LinearProgress />
        ) : 'failed' in history ? (
          <Alert severity="warning">{translate(history.failed, { _: history.failed })}</Alert>
        ) : (
          <Stack spacing={2}>
            <Typography variant="body2" data-testid="history-case">
              {translate('tongpai.audit.history_case', {
                caseId: history.caseId,
                idNumber: history.idNumberMasked,
                station: history.stationId,
                status: translate(`tongpai.status.${history.status}`, { _: history.status }),
                count: history.entries.length,
              })}
            </Typography>
            <Stack direction="row" spacing={1} alignItems="center">
              {(['json', 'pdf'] as const).map((format) => (
                <Button
                  key={format}
                  variant="outlined"
                  startIcon={<DownloadIcon />}
                  disabled={exporting}
                  onClick={() => void exportAs(format)}
                >
                  {translate(`tongpai.audit.export_${format}`)}
                </Button>
              ))}
              <ToggleButton
                size="small"
                value="all"
                selected={allEvents}
                onChange={() => setAllEvents(!allEvents)}
              >
                {translate('tongpai.timeline.show_workflow')}
              </ToggleButton>
            </Stack>
            <Table size="small" data-testid="photo-history">
              <TableHead>
                <TableRow>
                  {columns.map((c) => (
                    <TableCell key={c}>{translate(`resources.audit.fields.${c}`)}</TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {history.entries
                  .filter((e) => allEvents || essential(e))
                  .map((entry, i) => (
                    <EntryRow key={i} entry={entry} />
                  ))}
              </TableBody>
            </Table>
          </Stack>
        )}
      </CardContent>
    </Card>
  );
};
