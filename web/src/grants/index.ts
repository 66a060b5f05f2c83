import VpnKeyIcon from '@mui/icons-material/VpnKey';
import { GrantList } from './GrantList';

/** The administrators' view of every grant (citizens have pages of their own). */
export default { list: GrantList, icon: VpnKeyIcon };
