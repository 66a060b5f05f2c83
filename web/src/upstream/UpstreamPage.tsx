/**
 * The administrators' upstream page: each library's health, backlog, deliveries today and the failures
 * retrying now (with their last error), pause and resume; below, the manual queue of rejected submissions.
 * Counts cover the cases the administrator administers; the page refreshes itself while open.
 */
import Chip from '@mui/material/Chip';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { DataTable, FunctionField, Link, List, useRecordContext, useTranslate } from 'react-admin';
import type { ManualQueueEntry, UpstreamTargetOverview } from '../../../domain/schemas';
import { LocalDateField } from '../cases/LocalDateField';
import { useBilingual } from '../cases/useBilingual';
import { ManualQueueActions } from './ManualQueueActions';
import { PauseButton } from './PauseButton';

const healthColour = { ok: 'success', failing: 'error', paused: 'warning', idle: 'default' } as const;

const LibraryName = () => {
  const record = useRecordContext<UpstreamTargetOverview | ManualQueueEntry>();
  const text = useBilingual();
  return record ? <>{text(record.name)}</> : null;
};

const Health = () => {
  const record = useRecordContext<UpstreamTargetOverview>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Chip
      size="small"
      color={healthColour[record.health]}
      label={translate(`tongpai.upstream.health.${record.health}`)}
    />
  );
};

const LastFailure = () => {
  const record = useRecordContext<UpstreamTargetOverview>();
  const failure = record?.failures[0];
  if (!failure) return null;
  return (
    <Typography variant="body2" color="error" title={failure.caseId}>
      {failure.lastError}
    </Typography>
  );
};

const CaseLink = () => {
  const record = useRecordContext<ManualQueueEntry>();
  return record ? <Link to={`/cases/${record.caseId}/show`}>{record.personName}</Link> : null;
};

// The API answers the whole list in its own order (few rows): no column sorts.
const Targets = () => (
  <List<UpstreamTargetOverview>
    resource="upstream-targets"
    title="tongpai.upstream.title"
    actions={false}
    pagination={false}
    disableSyncWithLocation
    queryOptions={{ refetchInterval: 5000 }}
  >
    <DataTable bulkActionButtons={false} rowClick={false}>
      <DataTable.Col disableSort source="name" field={LibraryName} />
      <DataTable.Col disableSort source="health" field={Health} />
      <DataTable.NumberCol disableSort source="pending" />
      <DataTable.NumberCol disableSort source="retrying" />
      <DataTable.NumberCol disableSort source="manualQueue" />
      <DataTable.NumberCol disableSort source="deliveredToday" />
      <DataTable.Col disableSort source="failures" field={LastFailure} />
      <DataTable.Col disableSort source="pauseReason" />
      <DataTable.Col disableSort label="" source="paused" field={PauseButton} />
    </DataTable>
  </List>
);

const ManualQueue = () => {
  const translate = useTranslate();
  return (
    <Stack spacing={1}>
      <Typography variant="h6">{translate('tongpai.upstream.queue_title')}</Typography>
      <List<ManualQueueEntry>
        resource="upstream-queue"
        title={false}
        actions={false}
        pagination={false}
        disableSyncWithLocation
        empty={<Typography sx={{ p: 2 }}>{translate('tongpai.upstream.queue_empty')}</Typography>}
        queryOptions={{ refetchInterval: 5000 }}
      >
        <DataTable bulkActionButtons={false} rowClick={false}>
          <DataTable.Col disableSort source="rejectedAt" field={LocalDateField} />
          <DataTable.Col disableSort source="personName" field={CaseLink} />
          <DataTable.Col disableSort source="name" field={LibraryName} />
          <DataTable.Col disableSort source="reason" />
          <DataTable.NumberCol disableSort source="resubmissions" />
          <DataTable.Col disableSort label="" source="id">
            <FunctionField render={() => <ManualQueueActions />} />
          </DataTable.Col>
        </DataTable>
      </List>
    </Stack>
  );
};

export const UpstreamPage = () => (
  <Stack spacing={3} sx={{ pb: 3 }}>
    <Targets />
    <ManualQueue />
  </Stack>
);
