import { DataTable, List, SelectField } from 'react-admin';
import { networks } from '../../../domain/principal';
import type { Station } from '../../../domain/cases';
import { RegionName } from './RegionName';

const networkChoices = networks.map((network) => ({ id: network, name: `tongpai.network.${network}` }));

export const StationList = () => (
  <List<Station> sort={{ field: 'id', order: 'ASC' }} perPage={50}>
    <DataTable bulkActionButtons={false} rowClick={false}>
      <DataTable.Col source="id" />
      <DataTable.Col source="nameZh" />
      <DataTable.Col source="nameEn" />
      <DataTable.Col source="regionId">
        <RegionName />
      </DataTable.Col>
      <DataTable.Col source="network">
        <SelectField source="network" choices={networkChoices} />
      </DataTable.Col>
    </DataTable>
  </List>
);
