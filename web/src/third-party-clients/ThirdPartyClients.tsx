/**
 * The registered third parties: their name, redeem rate, whether enabled and their webhook, edited by a
 * province-wide administrator (audited by the API); the webhook's secret shown once when made; each client's
 * delivery log.
 */
import { useState } from 'react';
import Button from '@mui/material/Button';
import Typography from '@mui/material/Typography';
import {
  BooleanField,
  BooleanInput,
  CanAccess,
  DataTable,
  Edit,
  FunctionField,
  List,
  NumberInput,
  Pagination,
  ReferenceManyField,
  SaveButton,
  SimpleForm,
  TextInput,
  Toolbar,
  required,
  useDataProvider,
  useNotify,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { ThirdPartyClient, WebhookDelivery } from '../../../domain/webhooks';
import { LocalDateField } from '../cases/LocalDateField';
import type { TongpaiDataProvider } from '../providers/dataProvider';
import { SecretDialog } from './SecretDialog';

export const ThirdPartyClientList = () => (
  <List<ThirdPartyClient> pagination={false} exporter={false}>
    <DataTable bulkActionButtons={false}>
      <DataTable.Col source="id" disableSort />
      <DataTable.Col source="registeredName" disableSort />
      <DataTable.Col source="enabled" disableSort field={BooleanField} />
      <DataTable.NumberCol source="redeemsPerMinute" disableSort />
      <DataTable.Col source="webhookUrl" disableSort />
      <DataTable.Col source="webhookSecretSet" disableSort field={BooleanField} />
    </DataTable>
  </List>
);

const NewSecretButton = ({ onSecret }: { onSecret: (secret: string) => void }) => {
  const record = useRecordContext<ThirdPartyClient>();
  const dataProvider = useDataProvider<TongpaiDataProvider>();
  const translate = useTranslate();
  const notify = useNotify();
  if (!record?.webhookUrl) return null;
  const make = async () => {
    try {
      onSecret((await dataProvider.makeWebhookSecret(record.id)).webhookSecret);
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), { type: 'error' });
    }
  };
  return (
    <Button color="warning" onClick={() => void make()}>
      {translate('tongpai.third_parties.new_secret')}
    </Button>
  );
};

const EditToolbar = ({ onSecret }: { onSecret: (secret: string) => void }) => (
  <Toolbar>
    <SaveButton />
    <CanAccess action="manage" resource="third-party-clients">
      <NewSecretButton onSecret={onSecret} />
    </CanAccess>
  </Toolbar>
);

const Deliveries = () => {
  const translate = useTranslate();
  return (
    <>
      <Typography variant="h6" sx={{ mt: 3, mb: 1 }}>
        {translate('tongpai.third_parties.deliveries')}
      </Typography>
      <ReferenceManyField
        reference="webhook-deliveries"
        target="clientId"
        sort={{ field: 'at', order: 'DESC' }}
        perPage={10}
        pagination={<Pagination />}
      >
        <DataTable<WebhookDelivery> bulkActionButtons={false} rowClick={false} resource="webhook-deliveries">
          <DataTable.Col source="at" disableSort field={LocalDateField} />
          <DataTable.Col source="event" disableSort />
          <DataTable.Col source="grantId" disableSort />
          <DataTable.Col source="eventId" disableSort />
          <DataTable.NumberCol source="attempt" disableSort />
          <DataTable.Col source="outcome" disableSort>
            <FunctionField<WebhookDelivery>
              render={(d) => translate(`tongpai.third_parties.outcome.${d.outcome}`)}
            />
          </DataTable.Col>
          <DataTable.Col source="statusCode" disableSort />
          <DataTable.Col source="error" disableSort />
        </DataTable>
      </ReferenceManyField>
    </>
  );
};

/** An empty field means none (no webhook; the default rate). */
const noneWhenEmpty = (value: unknown) => (value === '' || value === undefined ? null : value);

export const ThirdPartyClientEdit = () => {
  const [secret, setSecret] = useState<string>();
  return (
    <>
      <Edit<ThirdPartyClient & { webhookSecret?: string }>
        mutationMode="pessimistic"
        redirect={false}
        mutationOptions={{ onSuccess: (saved) => saved.webhookSecret && setSecret(saved.webhookSecret) }}
      >
        <SimpleForm toolbar={<EditToolbar onSecret={setSecret} />}>
          <TextInput source="id" disabled />
          <TextInput source="registeredName" validate={required()} />
          <BooleanInput source="enabled" />
          <NumberInput source="redeemsPerMinute" min={1} parse={noneWhenEmpty} />
          <TextInput source="webhookUrl" type="url" parse={noneWhenEmpty} fullWidth />
        </SimpleForm>
        <Deliveries />
      </Edit>
      {secret && <SecretDialog secret={secret} onClose={() => setSecret(undefined)} />}
    </>
  );
};
