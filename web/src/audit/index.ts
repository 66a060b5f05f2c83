import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import { AuditPage } from './AuditPage';

export default { list: AuditPage, icon: VerifiedUserIcon };
