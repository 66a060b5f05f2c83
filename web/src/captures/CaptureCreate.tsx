/**
 * A window operator's capture form. Pessimistic: nothing is shown as done until the API has accepted the
 * photo (202), then the new case's page opens and follows its processing.
 */
import {
  BooleanInput,
  CheckboxGroupInput,
  Create,
  Loading,
  ReferenceInput,
  SelectInput,
  SimpleForm,
  TextInput,
  required,
  useGetIdentity,
} from 'react-admin';
import { categoryChoices, documentChoices } from '../cases/choices';
import type { TongpaiIdentity } from '../providers/authProvider';
import { useStationName } from '../stations/StationName';
import { PhotoInput } from './PhotoInput';
import { residentIdNumber } from './residentIdNumber';

const upperCase = (value: string) => value.toUpperCase();

export const CaptureCreate = () => {
  const { identity, isPending } = useGetIdentity();
  const stationName = useStationName();
  if (isPending || !identity) return <Loading />;
  const { principal } = identity as TongpaiIdentity;
  // Operators capture at their own station only (the API enforces it too): show it, do not let them change it.
  const stationFixed = principal.roles.includes('operator') && !!principal.stationId;

  return (
    <Create mutationMode="pessimistic" redirect={(_resource, id) => `/cases/${id}/show`}>
      <SimpleForm
        defaultValues={{
          category: 'resident',
          stationId: principal.stationId ?? '',
          documents: ['id_card'],
          nationalityConflict: false,
        }}
      >
        <TextInput source="personName" validate={required()} autoFocus />
        <SelectInput source="category" choices={categoryChoices} validate={required()} />
        <TextInput
          source="idNumber"
          validate={[required(), residentIdNumber]}
          parse={upperCase}
          helperText="tongpai.capture.id_number_hint"
        />
        <CheckboxGroupInput
          source="documents"
          choices={documentChoices}
          validate={required()}
          helperText="tongpai.capture.documents_hint"
        />
        <BooleanInput source="nationalityConflict" helperText="tongpai.capture.nationality_conflict_hint" />
        <ReferenceInput source="stationId" reference="stations">
          <SelectInput
            optionText={stationName}
            validate={required()}
            readOnly={stationFixed}
            helperText={stationFixed ? 'tongpai.capture.station_hint' : undefined}
          />
        </ReferenceInput>
        <TextInput source="device" helperText="tongpai.capture.device_hint" />
        <PhotoInput source="photo" validate={required()} deviceSource="device" />
      </SimpleForm>
    </Create>
  );
};
