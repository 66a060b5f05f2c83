/** Organisations (departments, police units) with their network, named contacts and Keycloak clients. */
import {
  ArrayInput,
  Create,
  DataTable,
  Edit,
  List,
  required,
  SelectField,
  SelectInput,
  SimpleForm,
  SimpleFormIterator,
  TextInput,
} from 'react-admin';
import type { Organisation } from '../../../domain/sharing';
import { ChipsOf } from './ChipsOf';
import { kindChoices, networkChoices } from './choices';

export const OrganisationList = () => (
  <List<Organisation> pagination={false} exporter={false}>
    <DataTable bulkActionButtons={false}>
      <DataTable.Col source="id" disableSort />
      <DataTable.Col source="name" disableSort />
      <DataTable.Col source="kind" disableSort>
        <SelectField source="kind" choices={kindChoices} />
      </DataTable.Col>
      <DataTable.Col source="network" disableSort>
        <SelectField source="network" choices={networkChoices} />
      </DataTable.Col>
      <DataTable.Col source="contacts" disableSort>
        <ChipsOf source="contacts" label="name" />
      </DataTable.Col>
      <DataTable.Col source="clients" disableSort>
        <ChipsOf source="clients" label="clientId" />
      </DataTable.Col>
    </DataTable>
  </List>
);

const OrganisationFields = ({ creating }: { creating: boolean }) => (
  <>
    {creating && <TextInput source="id" validate={required()} />}
    <TextInput source="name" validate={required()} />
    <SelectInput source="kind" choices={kindChoices} validate={required()} />
    <SelectInput source="network" choices={networkChoices} validate={required()} />
    <ArrayInput source="contacts" validate={required()}>
      <SimpleFormIterator inline>
        <TextInput source="name" validate={required()} helperText={false} />
        <TextInput source="phone" helperText={false} />
        <TextInput source="email" helperText={false} />
        <TextInput source="username" helperText={false} />
      </SimpleFormIterator>
    </ArrayInput>
    <ArrayInput source="clientIds">
      <SimpleFormIterator inline disableReordering>
        <TextInput source="" label={false} helperText={false} />
      </SimpleFormIterator>
    </ArrayInput>
  </>
);

export const OrganisationCreate = () => (
  <Create redirect="list">
    <SimpleForm
      defaultValues={{ kind: 'department', network: 'gov', contacts: [{ name: '' }], clientIds: [] }}
    >
      <OrganisationFields creating />
    </SimpleForm>
  </Create>
);

/** The API answers the clients with their state; the form edits their ids. */
const withClientIds = (record: Organisation) => ({
  ...record,
  clientIds: record.clients.map((c) => c.clientId),
});

export const OrganisationEdit = () => (
  <Edit mutationMode="pessimistic" redirect="list" queryOptions={{ select: withClientIds }}>
    <SimpleForm>
      <OrganisationFields creating={false} />
    </SimpleForm>
  </Edit>
);
