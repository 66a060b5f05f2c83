import {
  DataTable,
  List,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectField,
  SelectInput,
  useTranslate,
} from 'react-admin';
import type { CaseSummary } from '../../../domain/cases';
import { useStationName } from '../stations/StationName';
import { CaseStatusField } from './CaseStatusField';
import { categoryChoices, channelChoices, statusChoices, verdictChoices } from './choices';
import { LocalDateField } from './LocalDateField';
import { ListRefreshWhileActive } from './refreshWhileActive';
import { VerdictField } from './VerdictField';
import { EstimatedTotalPagination } from './EstimatedTotalPagination';

const useCaseFilters = () => {
  const translate = useTranslate();
  const stationName = useStationName();
  return [
    <SearchInput key="q" source="q" alwaysOn placeholder={translate('resources.cases.fields.q')} />,
    <SelectInput key="status" source="status" choices={statusChoices} alwaysOn />,
    <SelectInput key="verdict" source="verdict" choices={verdictChoices} />,
    <SelectInput key="category" source="category" choices={categoryChoices} />,
    <SelectInput key="channel" source="channel" choices={channelChoices} />,
    <ReferenceInput key="stationId" source="stationId" reference="stations">
      <SelectInput optionText={stationName} />
    </ReferenceInput>,
  ];
};

/** No CSV export: bulk copies of personal data need their own audited feature, not a default button. */
export const CaseList = () => {
  const filters = useCaseFilters();
  return (
    <List<CaseSummary>
      sort={{ field: 'capturedAt', order: 'DESC' }}
      filters={filters}
      perPage={25}
      exporter={false}
      pagination={<EstimatedTotalPagination />}
    >
      <ListRefreshWhileActive />
      <DataTable bulkActionButtons={false} rowClick="show">
        <DataTable.Col source="capturedAt">
          <LocalDateField source="capturedAt" />
        </DataTable.Col>
        <DataTable.Col source="personName" />
        <DataTable.Col source="idNumberMasked" disableSort />
        <DataTable.Col source="category">
          <SelectField source="category" choices={categoryChoices} />
        </DataTable.Col>
        <DataTable.Col source="status" field={CaseStatusField} />
        <DataTable.Col source="verdict" field={VerdictField} disableSort />
        <DataTable.Col source="channel">
          <SelectField source="channel" choices={channelChoices} />
        </DataTable.Col>
        <DataTable.Col source="stationId">
          <ReferenceField source="stationId" reference="stations" link={false} />
        </DataTable.Col>
        <DataTable.Col source="operatorUsername" />
      </DataTable>
    </List>
  );
};
