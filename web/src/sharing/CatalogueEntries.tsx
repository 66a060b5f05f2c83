/** The sharing catalogue: administrators list, add and change entries; department users read them to apply. */
import {
  ArrayField,
  ArrayInput,
  CheckboxGroupInput,
  Create,
  DataTable,
  Edit,
  List,
  NumberInput,
  required,
  SelectArrayInput,
  SelectField,
  SelectInput,
  SimpleForm,
  SimpleFormIterator,
  SingleFieldList,
  TextInput,
} from 'react-admin';
import type { CatalogueEntry } from '../../../domain/sharing';
import { LocalDateField } from '../cases/LocalDateField';
import { ChipsOf } from './ChipsOf';
import { networkChoices, profileChoices, serviceChoices } from './choices';

export const CatalogueList = () => (
  <List<CatalogueEntry> pagination={false} exporter={false}>
    <DataTable bulkActionButtons={false}>
      <DataTable.Col source="id" disableSort />
      <DataTable.Col source="name" disableSort />
      <DataTable.Col source="service" disableSort>
        <SelectField source="service" choices={serviceChoices} />
      </DataTable.Col>
      <DataTable.Col source="matters" disableSort>
        <ChipsOf source="matters" label="name" />
      </DataTable.Col>
      <DataTable.Col source="networks" disableSort>
        <NetworkChips />
      </DataTable.Col>
      <DataTable.NumberCol source="defaultLimits.dailyQuota" disableSort />
      <DataTable.Col source="updatedAt" disableSort field={LocalDateField} />
    </DataTable>
  </List>
);

/** The networks of a row as chips of their names. */
function NetworkChips() {
  return (
    <ArrayField source="networks">
      <SingleFieldList linkType={false}>
        <SelectField source="" choices={networkChoices} />
      </SingleFieldList>
    </ArrayField>
  );
}

const EntryFields = ({ creating }: { creating: boolean }) => (
  <>
    {creating && <TextInput source="id" validate={required()} />}
    <TextInput source="name" validate={required()} />
    <TextInput source="description" multiline fullWidth />
    <SelectInput source="service" choices={serviceChoices} validate={required()} />
    <CheckboxGroupInput source="profiles" choices={profileChoices} validate={required()} />
    <ArrayInput source="matters">
      <SimpleFormIterator inline>
        <TextInput source="code" validate={required()} helperText={false} />
        <TextInput source="name" validate={required()} helperText={false} />
      </SimpleFormIterator>
    </ArrayInput>
    <SelectArrayInput source="networks" choices={networkChoices} validate={required()} />
    <NumberInput source="defaultLimits.ratePerMinute" min={1} validate={required()} />
    <NumberInput source="defaultLimits.dailyQuota" min={1} validate={required()} />
    <NumberInput source="defaultLimits.validityDays" min={1} max={1096} validate={required()} />
  </>
);

const defaults = {
  service: 'photo_lookup',
  profiles: ['id_card'],
  matters: [],
  networks: ['police', 'gov'],
  defaultLimits: { ratePerMinute: 600, dailyQuota: 20000, validityDays: 365 },
};

export const CatalogueCreate = () => (
  <Create redirect="list">
    <SimpleForm defaultValues={defaults}>
      <EntryFields creating />
    </SimpleForm>
  </Create>
);

export const CatalogueEdit = () => (
  <Edit mutationMode="pessimistic" redirect="list">
    <SimpleForm>
      <EntryFields creating={false} />
    </SimpleForm>
  </Edit>
);
