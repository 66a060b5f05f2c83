import StoreIcon from '@mui/icons-material/Store';
import { StationList } from './StationList';

export default { list: StationList, icon: StoreIcon };
