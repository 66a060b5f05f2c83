/**
 * The region's review queues, oldest first: first decisions, second approvals and escalated cases, each with
 * its SLA countdown and who holds it. Polls, since reviewers take cases from it at the same time.
 */
import { useEffect } from 'react';
import Stack from '@mui/material/Stack';
import {
  DataTable,
  FilterLiveForm,
  List,
  SelectArrayInput,
  SelectField,
  TopToolbar,
  useListContext,
  type Identifier,
} from 'react-admin';
import type { CaseSummary } from '../../../domain/cases';
import { reviewStatuses } from '../../../domain/lifecycle';
import { CaseStatusField } from '../cases/CaseStatusField';
import { categoryChoices } from '../cases/choices';
import { LocalDateField } from '../cases/LocalDateField';
import { VerdictField } from '../cases/VerdictField';
import { ClaimNextButtons } from './ClaimNextButtons';
import { SlaCountdown } from './SlaCountdown';

export const QUEUE_REFRESH_INTERVAL_MS = 10_000;

const queueStatusChoices = reviewStatuses.map((status) => ({ id: status, name: `tongpai.status.${status}` }));

/**
 * Applied the moment they are chosen (nothing is typed, so nothing to wait for): "claim next" takes the
 * categories the reviewer sees, and no delayed filter change can still take the page back to the list after
 * it has opened the claimed case.
 */
const QueueFilters = () => (
  <FilterLiveForm debounce={false}>
    <Stack direction="row" spacing={1} sx={{ alignItems: 'flex-end', mb: 0.5 }}>
      <SelectArrayInput source="status" choices={queueStatusChoices} helperText={false} />
      <SelectArrayInput source="category" choices={categoryChoices} helperText={false} />
    </Stack>
  </FilterLiveForm>
);

const RefreshQueue = () => {
  const { refetch } = useListContext();
  useEffect(() => {
    const timer = setInterval(() => void refetch(), QUEUE_REFRESH_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [refetch]);
  return null;
};

const QueueActions = () => (
  <TopToolbar>
    <ClaimNextButtons />
  </TopToolbar>
);

const showInQueue = (id: Identifier) => `/review/${id}/show`;

export const ReviewQueueList = () => (
  <List<CaseSummary>
    sort={{ field: 'queuedAt', order: 'ASC' }}
    filters={<QueueFilters />}
    actions={<QueueActions />}
    perPage={25}
    exporter={false}
    // An empty queue is still the queue: its "claim next" buttons and polling stay on the page.
    empty={false}
    title="tongpai.review.title"
  >
    <RefreshQueue />
    <DataTable bulkActionButtons={false} rowClick={showInQueue}>
      <DataTable.Col source="queuedAt">
        <LocalDateField source="queuedAt" />
      </DataTable.Col>
      <DataTable.Col source="slaDueAt" field={SlaCountdown} />
      <DataTable.Col source="personName" />
      <DataTable.Col source="category">
        <SelectField source="category" choices={categoryChoices} />
      </DataTable.Col>
      <DataTable.Col source="status" field={CaseStatusField} />
      <DataTable.Col
        source="verdict"

        field={VerdictField}
        disableSort
      />
      <DataTable.Col source="attempt" disableSort />
      <DataTable.Col source="operatorUsername" />
      <DataTable.Col source="firstApprover" disableSort />
      <DataTable.Col source="claimedBy" />
    </DataTable>
  </List>
);
