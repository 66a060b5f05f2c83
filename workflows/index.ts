export { photoCase } from './photo-case';
export { auditCheckpoint } from './audit-checkpoint';
export { upstreamSubmission } from './upstream-submission';
export { upstreamRecall } from './upstream-recall';
export { grant } from './grant';
