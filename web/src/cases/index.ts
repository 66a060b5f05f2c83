import PhotoCameraFrontIcon from '@mui/icons-material/PhotoCameraFront';
import { CaseList } from './CaseList';
import { CaseShow } from './CaseShow';

export default { list: CaseList, show: CaseShow, icon: PhotoCameraFrontIcon };
