/**
 * Public surface of the photo pipeline library: admission of uploads, and the pipeline that measures,
 * checks and renders every standard photo from one master. Usable without Temporal or a database.
 */
export { ImagingError, type Bilingual, type ImagingErrorCode } from './errors';
export { inspectUpload, type UploadInfo, type UploadLimits } from './image/load';
export {
  createPhotoPipeline,
  type PhotoPipeline,
  type PipelineOptions,
  type PipelineResult,
  type ProcessOptions,
  type StageTimings,
} from './pipeline';
export { outboundMaster, type OutboundMaster } from './outbound';
export { readFaceGuideModel, verifyModelFiles } from './models/checksums';
export { makeSheet, type Sheet, type SheetOptions } from './render/sheet';
export { defaultProfileIds, loadProfiles, type ProfileSet } from './profiles/load';
export { type Profile, type SheetLayout } from './profiles/schema';
export { type CheckResult, type Verdict } from './quality/checks';
export { type PhotoReport, type ProfileReport } from './report';
export { verdictFor } from './verdict';
