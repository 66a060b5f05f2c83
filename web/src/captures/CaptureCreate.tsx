/**
 * A window operator's capture form. Pessimistic: nothing is shown as done until the API has accepted the
 * photo (202), then the new case's page opens and follows its processing. A person with a reusable issued
 * photo is offered it before the photo step (ReuseOffer.tsx).
 */
import { useState } from 'react';
import { useLocation } from 'react-router-dom';
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
import { ReuseOutcome, ReuseStep, type RecordedReuse } from './ReuseOffer';
import { residentIdNumber } from './residentIdNumber';

const upperCase = (value: string) => value.toUpperCase();

export const CaptureCreate = () => {
  const { identity, isPending } = useGetIdentity();
  const stationName = useStationName();
  // The outcome of a reuse, until the operator goes on (or opens this page again from the menu).
  const location = useLocation();
  const [reused, setReused] = useState<RecordedReuse & { at: string }>();
  if (isPending || !identity) return <Loading />;
  if (reused?.at === location.key) return <ReuseOutcome reuse={reused} onNext={() => setReused(undefined)} />;
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
        <ReuseStep onReused={(reuse) => setReused({ ...reuse, at: location.key })}>
          <PhotoInput source="photo" validate={required()} deviceSource="device" />
        </ReuseStep>
      </SimpleForm>
    </Create>
  );
};
