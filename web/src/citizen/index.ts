/** The citizen's pages (我的照片, 我的授权, 访问记录) and the third-party page (读取授权照片). */
import HistoryIcon from '@mui/icons-material/History';
import KeyIcon from '@mui/icons-material/Key';
import PhotoLibraryIcon from '@mui/icons-material/PhotoLibrary';
import QrCodeScannerIcon from '@mui/icons-material/QrCodeScanner';
import { AccessLogPage } from './AccessLogPage';
import { GrantCreatePage } from './GrantCreatePage';
import { GrantsPage } from './GrantsPage';
import { MyPhotosPage } from './MyPhotosPage';
import { RedeemPage } from './RedeemPage';

export { VerifyPage } from './VerifyPage';

export const myPhotos = { list: MyPhotosPage, icon: PhotoLibraryIcon };
export const myGrants = { list: GrantsPage, create: GrantCreatePage, icon: KeyIcon };
export const myAccessLog = { list: AccessLogPage, icon: HistoryIcon };
export const redeem = { list: RedeemPage, icon: QrCodeScannerIcon };
