/** What happened to a case, in time order: the audit trail and the workflow's steps (GET /cases/:id/timeline). */
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import LinearProgress from '@mui/material/LinearProgress';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import ToggleButton from '@mui/material/ToggleButton';
import { useState } from 'react';
import { useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import type { CaseSummary } from '../../../domain/cases';
import type { TimelineEntry } from '../../../domain/timeline';
import type { TongpaiDataProvider } from '../providers/dataProvider';
import { useReasonText } from './DecisionOutcome';
import { useCaseData } from './useCaseData';

/** The parts of an audit entry's data a person reads: reason (as the region words it), note, route, device. */
const auditDetail = (data: Record<string, unknown>, reasonText: (code: string) => string) =>
  ['reasonCode', 'note', 'route', 'reason', 'device']
    .filter((key) => typeof data[key] === 'string' && data[key])
    .map((key) => (key === 'reasonCode' ? reasonText(String(data[key])) : String(data[key])))
    .join(' · ');

const Step = ({ entry, reasonText }: { entry: TimelineEntry; reasonText: (code: string) => string }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const time = new Date(entry.at).toLocaleString(locale, { hour12: false });
  const audit = entry.source === 'audit';
  return (
    <TableRow>
      <TableCell sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>{time}</TableCell>
      <TableCell>
        <Chip
          size="small"
          variant="outlined"
          color={audit ? 'primary' : 'default'}
          label={translate(`tongpai.timeline.source.${entry.source}`)}
        />
      </TableCell>
      <TableCell>
        {audit
          ? translate(`tongpai.timeline.action.${entry.action}`, { _: entry.action })
          : translate(`tongpai.timeline.event.${entry.type}`, { _: entry.type })}
        {!audit && (entry.activity ?? entry.update) && (
          <Box component="span" sx={{ ml: 1, fontFamily: 'monospace', color: 'text.secondary' }}>
            {entry.activity ?? entry.update}
          </Box>
        )}
      </TableCell>
      <TableCell>{audit ? entry.actor : ''}</TableCell>
      <TableCell sx={{ color: 'text.secondary' }}>
        {audit ? auditDetail(entry.data, reasonText) : ''}
      </TableCell>
    </TableRow>
  );
};

const loadTimeline = (dataProvider: TongpaiDataProvider, caseId: string) => dataProvider.getTimeline(caseId);

export const CaseTimeline = () => {
  const record = useRecordContext<CaseSummary>();
  const translate = useTranslate();
  const reasonText = useReasonText();
  const [withWorkflow, setWithWorkflow] = useState(false);
  // Loaded again whenever the case changes (the record's updatedAt moves with every step).
  const timeline = useCaseData(record?.id, record?.updatedAt, loadTimeline);
  if (!record) return null;
  if (timeline.status === 'loading') return <LinearProgress sx={{ mx: 2 }} />;
  if (timeline.status === 'failed')
    return <Alert severity="warning">{translate(timeline.reason, { _: timeline.reason })}</Alert>;
  const entries = withWorkflow ? timeline.data : timeline.data.filter((e) => e.source === 'audit');
  return (
    <Box sx={{ px: 2 }}>
      <ToggleButton
        size="small"
        value="workflow"
        selected={withWorkflow}
        onChange={() => setWithWorkflow(!withWorkflow)}
        sx={{ mb: 1 }}
      >
        {translate('tongpai.timeline.show_workflow')}
      </ToggleButton>
      <Table size="small" aria-label={translate('tongpai.timeline.title')}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('tongpai.timeline.at')}</TableCell>
            <TableCell>{translate('tongpai.timeline.source_label')}</TableCell>
            <TableCell>{translate('tongpai.timeline.what')}</TableCell>
            <TableCell>{translate('tongpai.timeline.who')}</TableCell>
            <TableCell>{translate('tongpai.timeline.detail')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {entries.map((entry, index) => (
            <Step key={`${entry.at}-${index}`} entry={entry} reasonText={reasonText} />
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};
