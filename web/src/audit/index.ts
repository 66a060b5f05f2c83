import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import { AuditPage } from './AuditPage';
import { PhotoHistoryPage } from './PhotoHistoryPage';

/** The audit page (verification and search); a photo's whole history at /audit/<case id>/show. */
export default { list: AuditPage, show: PhotoHistoryPage, icon: VerifiedUserIcon };
