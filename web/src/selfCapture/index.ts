import SelfCaptureIcon from '@mui/icons-material/CameraFront';
export { SelfCapturePage } from './SelfCapturePage';
export { selfCaptureEn, selfCaptureZhCN } from './messages';
export { SelfCaptureIcon };
