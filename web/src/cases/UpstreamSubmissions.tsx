/**
 * Where each upstream library stands with the case's issued photos: pending, delivered (with the receipt),
 * retrying, rejected, and after a revocation or supersession their recall (recalling, recalled, refused).
 * Reloaded every few seconds while a submission or a recall is still under way.
 */
import { useEffect, useState } from 'react';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import type { CaseDetail } from '../../../domain/cases';
import type { UpstreamSubmission } from '../../../domain/schemas';
import type { TongpaiDataProvider } from '../providers/dataProvider';
import { useBilingual } from './useBilingual';
import { useCaseData } from './useCaseData';

const loadUpstream = (dataProvider: TongpaiDataProvider, caseId: string) => dataProvider.getUpstream(caseId);

type Shown = UpstreamSubmission['state'] | 'recalling' | 'recall_refused';

/** A delivered submission with a recall asked for is recalling, or refused once the library said no. */
export function shownState(submission: UpstreamSubmission): Shown {
  if (submission.state !== 'delivered' || !submission.recall) return submission.state;
  return submission.recall.error ? 'recall_refused' : 'recalling';
}

const colour: Record<Shown, 'default' | 'success' | 'warning' | 'error' | 'info'> = {
  pending: 'default',
  retrying: 'warning',
  delivered: 'success',
  rejected: 'error',
  recalling: 'info',
  recalled: 'default',
  recall_refused: 'error',
};

/** Still moving on its own: a submission not yet answered, or a recall not yet settled. */
const underWay = (submission: UpstreamSubmission) => {
  const shown = shownState(submission);
  return shown === 'pending' || shown === 'retrying' || shown === 'recalling';
};

export const UpstreamSubmissions = () => {
  const record = useRecordContext<CaseDetail>();
  const translate = useTranslate();
  const text = useBilingual();
  const [locale] = useLocaleState();
  const [round, setRound] = useState(0);
  const upstream = useCaseData(record?.id, `${record?.updatedAt}:${round}`, loadUpstream);
  const moving = upstream.status === 'loaded' && upstream.data.some(underWay);
  useEffect(() => {
    if (!moving) return;
    const timer = setTimeout(() => setRound((r) => r + 1), 3000);
    return () => clearTimeout(timer);
  }, [moving, upstream]);
  if (!record) return null;
  if (upstream.status === 'loading') return <LinearProgress sx={{ mx: 2 }} />;
  if (upstream.status === 'failed')
    return <Alert severity="warning">{translate(upstream.reason, { _: upstream.reason })}</Alert>;
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(locale, { hour12: false }) : '—');
  return (
    <Box sx={{ px: 2 }}>
      <Table size="small" aria-label={translate('resources.cases.sections.upstream')}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('tongpai.upstream.library')}</TableCell>
            <TableCell>{translate('tongpai.upstream.state_label')}</TableCell>
            <TableCell>{translate('tongpai.upstream.receipt')}</TableCell>
            <TableCell>{translate('tongpai.upstream.attempts')}</TableCell>
            <TableCell>{translate('tongpai.upstream.recall')}</TableCell>
            <TableCell>{translate('tongpai.upstream.last_error')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {upstream.data.map((submission) => {
            const shown = shownState(submission);
            const { recall } = submission;
            return (
              <TableRow
                key={`${submission.target}:${submission.photoVersion}`}
                data-testid={`upstream-${submission.target}`}
              >
                <TableCell>{text(submission.name)}</TableCell>
                <TableCell>
                  <Chip
                    size="small"
                    color={colour[shown]}
                    label={translate(`tongpai.upstream.state.${shown}`)}
                  />
                </TableCell>
                <TableCell sx={{ fontFamily: 'monospace' }}>{submission.receiptId ?? '—'}</TableCell>
                <TableCell>{submission.attempts}</TableCell>
                <TableCell>
                  {recall
                    ? translate('tongpai.upstream.recall_detail', {
                        reason: translate(`tongpai.upstream.recall_reason.${recall.reason}`, {
                          _: recall.reason,
                        }),
                        at: when(recall.recalledAt ?? recall.requestedAt),
                      })
                    : '—'}
                </TableCell>
                <TableCell>{recall?.error ?? submission.lastError ?? '—'}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Box>
  );
};
