import AssignmentIcon from '@mui/icons-material/Assignment';
import BusinessIcon from '@mui/icons-material/Business';
import LibraryBooksIcon from '@mui/icons-material/LibraryBooks';
import MonitorHeartIcon from '@mui/icons-material/MonitorHeart';
import { ApplicationCreate, ApplicationList, ApplicationShow } from './Applications';
import { CatalogueCreate, CatalogueEdit, CatalogueList } from './CatalogueEntries';
import { InterfaceClientsPage } from './InterfaceClientsPage';
import { OrganisationCreate, OrganisationEdit, OrganisationList } from './Organisations';

export const catalogueEntries = {
  list: CatalogueList,
  create: CatalogueCreate,
  edit: CatalogueEdit,
  icon: LibraryBooksIcon,
};
export const organisations = {
  list: OrganisationList,
  create: OrganisationCreate,
  edit: OrganisationEdit,
  icon: BusinessIcon,
};
export const applications = {
  list: ApplicationList,
  create: ApplicationCreate,
  show: ApplicationShow,
  icon: AssignmentIcon,
};
export const interfaceClients = { list: InterfaceClientsPage, icon: MonitorHeartIcon };
