import AddAPhotoIcon from '@mui/icons-material/AddAPhoto';
import { CaptureCreate } from './CaptureCreate';

export default { create: CaptureCreate, icon: AddAPhotoIcon };
