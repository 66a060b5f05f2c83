/** Interface-call monitoring: every external client's calls today, and the suspension of a client at once. */
import { useState } from 'react';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import { CanAccess, DataTable, List, useDataProvider, useRecordContext, useTranslate } from 'react-admin';
import type { InterfaceClient } from '../../../domain/sharing';
import { LocalDateField } from '../cases/LocalDateField';
import type { TongpaiDataProvider } from '../providers/dataProvider';
import { ReasonDialog } from '../upstream/ReasonDialog';
import { useUpstreamStep } from '../upstream/useUpstreamStep';

const State = () => {
  const record = useRecordContext<InterfaceClient>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Chip
      size="small"
      color={record.suspended ? 'warning' : 'success'}
      label={translate(`tongpai.sharing.client_state.${record.suspended ? 'suspended' : 'active'}`)}
    />
  );
};

const QuotaUsed = () => {
  const record = useRecordContext<InterfaceClient>();
  return record?.quotaUsed == null ? <>—</> : <>{`${Math.round(record.quotaUsed * 100)} %`}</>;
};

const SuspendButton = () => {
  const record = useRecordContext<InterfaceClient>();
  const translate = useTranslate();
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const run = useUpstreamStep();
  const [open, setOpen] = useState(false);
  if (!record?.organisationId) return null;
  const step = record.suspended ? 'reinstate_client' : 'suspend_client';
  return (
    <CanAccess action="manage" resource="interface-clients">
      <Button
        size="small"
        variant="outlined"
        color={record.suspended ? 'primary' : 'warning'}
        onClick={() => setOpen(true)}
      >
        {translate(`tongpai.sharing.${step}.button`)}
      </Button>
      {open && (
        <ReasonDialog
          step={step}
          messages="tongpai.sharing"
          values={{ name: record.id }}
          colour={record.suspended ? 'primary' : 'warning'}
          onClose={() => setOpen(false)}
          onConfirm={(reason) =>
            run(
              () => dataProvider.setClientSuspended(record.id, !record.suspended, reason),
              `tongpai.sharing.${step}.done`,
            )
          }
        />
      )}
    </CanAccess>
  );
};

export const InterfaceClientsPage = () => (
  <List<InterfaceClient>
    title="tongpai.sharing.monitoring_title"
    actions={false}
    pagination={false}
    disableSyncWithLocation
    queryOptions={{ refetchInterval: 5000 }}
  >
    <DataTable bulkActionButtons={false} rowClick={false}>
      <DataTable.Col disableSort source="id" />
      <DataTable.Col disableSort source="organisationName" />
      <DataTable.NumberCol disableSort source="callsToday" />
      <DataTable.NumberCol disableSort source="errorsToday" />
      <DataTable.NumberCol disableSort source="dailyQuota" />
      <DataTable.Col disableSort source="quotaUsed" field={QuotaUsed} />
      <DataTable.NumberCol disableSort source="averageLatencyMs" />
      <DataTable.NumberCol disableSort source="maxLatencyMs" />
      <DataTable.Col disableSort source="lastCallAt" field={LocalDateField} />
      <DataTable.Col disableSort source="suspended" field={State} />
      <DataTable.Col disableSort source="suspensionReason" />
      <DataTable.Col disableSort label="" source="organisationId" field={SuspendButton} />
    </DataTable>
  </List>
);
