import SpaceDashboardIcon from '@mui/icons-material/SpaceDashboard';

export { BigScreen } from './BigScreen';
export { DashboardPage } from './DashboardPage';
export const DashboardIcon = SpaceDashboardIcon;
