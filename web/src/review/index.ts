import RateReviewIcon from '@mui/icons-material/RateReview';
import { ReviewCaseShow } from './ReviewCaseShow';
import { ReviewQueueList } from './ReviewQueueList';

export default { list: ReviewQueueList, show: ReviewCaseShow, icon: RateReviewIcon };
