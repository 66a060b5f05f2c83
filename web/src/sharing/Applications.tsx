/**
 * Applications: a department user applies for one of their organisations (the API lists only theirs); an
 * administrator opens one to approve it with limits, reject it or suspend its approval.
 */
import Chip from '@mui/material/Chip';
import {
  CheckboxGroupInput,
  Create,
  DataTable,
  FunctionField,
  List,
  NumberField,
  NumberInput,
  ReferenceInput,
  required,
  SelectInput,
  Show,
  SimpleForm,
  SimpleShowLayout,
  TextField,
  TextInput,
  useGetOne,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { useWatch } from 'react-hook-form';
import type { Application, CatalogueEntry } from '../../../domain/sharing';
import type { ApplicationStatus } from '../../../domain/sharing-terms';
import { LocalDateField } from '../cases/LocalDateField';
import { ApplicationActions } from './ApplicationActions';
import { statusChoices } from './choices';

const statusColour: Record<ApplicationStatus, 'default' | 'success' | 'error' | 'warning' | 'info'> = {
  pending: 'info',
  approved: 'success',
  active: 'success',
  rejected: 'error',
  expired: 'default',
  suspended: 'warning',
};

export const ApplicationStatusField = () => {
  const record = useRecordContext<Application>();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Chip
      size="small"
      color={statusColour[record.status]}
      label={translate(`tongpai.sharing.status.${record.status}`)}
      data-testid="application-status"
    />
  );
};

const filters = [<SelectInput key="status" source="status" choices={statusChoices} alwaysOn />];

export const ApplicationList = () => (
  <List<Application>
    filters={filters}
    pagination={false}
    exporter={false}
    queryOptions={{ refetchInterval: 5000 }}
  >
    <DataTable bulkActionButtons={false} rowClick="show">
      <DataTable.Col source="appliedAt" disableSort field={LocalDateField} />
      <DataTable.Col source="organisationName" disableSort />
      <DataTable.Col source="entryName" disableSort />
      <DataTable.Col source="purpose" disableSort />
      <DataTable.Col source="status" disableSort field={ApplicationStatusField} />
      <DataTable.Col source="validUntil" disableSort field={LocalDateField} />
    </DataTable>
  </List>
);

/** The matters of the chosen entry, to tick. */
const MatterInput = () => {
  const entryId = useWatch({ name: 'entryId' }) as string | undefined;
  const { data: entry } = useGetOne<CatalogueEntry>(
    'catalogue-entries',
    { id: entryId! },
    { enabled: !!entryId },
  );
  const translate = useTranslate();
  if (!entry) return <p>{translate('tongpai.sharing.apply_hint')}</p>;
  return (
    <CheckboxGroupInput
      source="matters"
      choices={entry.matters.map((m) => ({ id: m.code, name: m.name }))}
      translateChoice={false}
      validate={required()}
    />
  );
};

export const ApplicationCreate = () => (
  <Create redirect="show">
    <SimpleForm defaultValues={{ expectedDailyVolume: 1000, validityDays: 365, matters: [] }}>
      <ReferenceInput source="organisationId" reference="organisations">
        <SelectInput optionText="name" validate={required()} />
      </ReferenceInput>
      <ReferenceInput source="entryId" reference="catalogue-entries">
        <SelectInput optionText="name" validate={required()} />
      </ReferenceInput>
      <MatterInput />
      <TextInput source="purpose" multiline fullWidth validate={required()} />
      <NumberInput source="expectedDailyVolume" min={1} validate={required()} />
      <NumberInput source="validityDays" min={1} max={1096} validate={required()} />
    </SimpleForm>
  </Create>
);

export const ApplicationShow = () => (
  <Show actions={<ApplicationActions />} queryOptions={{ refetchInterval: 3000 }}>
    <SimpleShowLayout>
      <TextField source="organisationName" />
      <TextField source="entryName" />
      <FunctionField<Application> source="matters" render={(r) => r.matters.join('、')} />
      <TextField source="purpose" />
      <NumberField source="expectedDailyVolume" />
      <NumberField source="validityDays" />
      <FunctionField source="status" render={() => <ApplicationStatusField />} />
      <TextField source="appliedBy" />
      <LocalDateField source="appliedAt" />
      <TextField source="decidedBy" emptyText="—" />
      <LocalDateField source="decidedAt" emptyText="—" />
      <TextField source="reason" emptyText="—" />
      <NumberField source="ratePerMinute" emptyText="—" />
      <NumberField source="dailyQuota" emptyText="—" />
      <FunctionField<Application> source="profiles" render={(r) => r.profiles?.join('、') ?? '—'} />
      <LocalDateField source="validUntil" emptyText="—" />
      <LocalDateField source="remindedAt" emptyText="—" />
    </SimpleShowLayout>
  </Show>
);
