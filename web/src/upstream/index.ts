import CloudSyncIcon from '@mui/icons-material/CloudSync';
import { UpstreamPage } from './UpstreamPage';

export default { list: UpstreamPage, icon: CloudSyncIcon };
