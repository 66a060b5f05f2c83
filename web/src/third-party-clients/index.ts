import HubIcon from '@mui/icons-material/Hub';
import { ThirdPartyClientEdit, ThirdPartyClientList } from './ThirdPartyClients';

export default { list: ThirdPartyClientList, edit: ThirdPartyClientEdit, icon: HubIcon };
