/**
 * Every grant an administrator may see (their region's; a province-wide one: all), filtered by state, third
 * party, purpose and creation date, each revocable with a reason while it stands.
 */
import { useState } from 'react';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import {
  CanAccess,
  DataTable,
  DateInput,
  List,
  ReferenceInput,
  SelectArrayInput,
  SelectInput,
  useDataProvider,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { Grant } from '../../../domain/grants';
import { grantPurposes, grantStates } from '../../../domain/grant-terms';
import { LocalDateField } from '../cases/LocalDateField';
import { useBilingual } from '../cases/useBilingual';
import type { TongpaiDataProvider } from '../providers/dataProvider';
import { ReasonDialog } from '../upstream/ReasonDialog';
import { useUpstreamStep } from '../upstream/useUpstreamStep';

const stateChoices = grantStates.map((id) => ({ id, name: `tongpai.grants.state.${id}` }));
const purposeChoices = grantPurposes.map((id) => ({ id, name: `tongpai.grants.purpose.${id}` }));

/** A day picked in the console, as the API's date-time: the start of that local day. */
const startOfDay = (day: string) => (day ? new Date(`${day}T00:00:00`).toISOString() : undefined);
const localDay = (value: string | undefined) => {
  if (!value) return '';
  const at = new Date(value);
  return `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
};

const filters = [
  <SelectArrayInput key="state" source="state" choices={stateChoices} helperText={false} alwaysOn />,
  <ReferenceInput key="clientId" source="clientId" reference="third-party-clients" alwaysOn>
    <SelectInput optionText="registeredName" helperText={false} />
  </ReferenceInput>,
  <SelectInput key="purpose" source="purpose" choices={purposeChoices} helperText={false} alwaysOn />,
  <DateInput
    key="createdFrom"
    source="createdFrom"
    parse={startOfDay}
    format={localDay}
    helperText={false}
  />,
  <DateInput key="createdTo" source="createdTo" parse={startOfDay} format={localDay} helperText={false} />,
];

const State = () => {
  const record = useRecordContext<Grant>();
  const translate = useTranslate();
  if (!record) return null;
  const colour = record.state === 'active' ? 'success' : record.state === 'revoked' ? 'error' : 'default';
  return <Chip size="small" color={colour} label={translate(`tongpai.grants.state.${record.state}`)} />;
};

const Purpose = () => {
  const record = useRecordContext<Grant>();
  const bilingual = useBilingual();
  if (!record) return null;
  return (
    <>
      {record.purposeText
        ? `${bilingual(record.purposeLabel)}：${record.purposeText}`
        : bilingual(record.purposeLabel)}
    </>
  );
};

const Reads = () => {
  const record = useRecordContext<Grant>();
  return record ? <>{`${record.readsUsed} / ${record.maxReads}`}</> : null;
};

const RevokeButton = () => {
  const record = useRecordContext<Grant>();
  const translate = useTranslate();
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const run = useUpstreamStep();
  const [open, setOpen] = useState(false);
  if (!record || (record.state !== 'active' && record.state !== 'exhausted')) return null;
  return (
    <CanAccess action="revoke" resource="grants">
      <Button size="small" variant="outlined" color="error" onClick={() => setOpen(true)}>
        {translate('tongpai.grants.revoke.button')}
      </Button>
      {open && (
        <ReasonDialog
          step="revoke"
          messages="tongpai.grants"
          values={{ name: record.thirdParty?.registeredName ?? translate('tongpai.grants.any_third_party') }}
          colour="error"
          onClose={() => setOpen(false)}
          onConfirm={(reason) =>
            run(() => dataProvider.revokeGrantWithReason(record.id, reason), 'tongpai.grants.revoke.done')
          }
        />
      )}
    </CanAccess>
  );
};

export const GrantList = () => (
  <List<Grant> filters={filters} sort={{ field: 'createdAt', order: 'DESC' }} exporter={false}>
    <DataTable bulkActionButtons={false} rowClick={false}>
      <DataTable.Col source="createdAt" field={LocalDateField} />
      <DataTable.Col source="thirdParty.registeredName" disableSort />
      <DataTable.Col source="purpose" disableSort field={Purpose} />
      <DataTable.Col source="state" field={State} />
      <DataTable.Col source="readsUsed" disableSort field={Reads} />
      <DataTable.Col source="expiresAt" field={LocalDateField} />
      <DataTable.Col source="createdBy" disableSort />
      <DataTable.Col source="revocationReason" disableSort />
      <DataTable.Col label="" source="id" disableSort field={RevokeButton} />
    </DataTable>
  </List>
);
