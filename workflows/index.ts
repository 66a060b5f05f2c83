export { photoCase, photoCaseV2 } from './photo-case';
export { auditCheckpoint } from './audit-checkpoint';
export { upstreamSubmission, upstreamSubmissionV2 } from './upstream-submission';
export { upstreamRecall } from './upstream-recall';
export { grant } from './grant';
export { sharingApplication } from './application';
