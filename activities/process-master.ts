/**
 * Runs the photo pipeline on the stored master: every standard photo, the quality report and the preview
 * are stored as blobs, then recorded with the case's move to processed in one transaction.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { Knex } from 'knex';
import { findCase, type CaseRow } from '../db/cases';
import { listCasePhotos, saveCasePhotos, type NewCasePhotoRow } from '../db/photos';
import { defaultProfileIds, ImagingError, type ImagingErrorCode, type PipelineResult } from '../imaging';
import {
  failureTypes,
  type CaseRef,
  type PhotoRejection,
  type ProcessedMaster,
} from '../workflows/contracts';
import { workerActor, type ActivityDeps } from './deps';
import { applyTransition } from './transition';

/** Refusals caused by the photo itself: retrying cannot help, the operator must capture again. */
const photoRejections: ReadonlySet<ImagingErrorCode> = new Set([
  'empty_file',
  'file_too_large',
  'not_an_image',
  'unsupported_format',
  'truncated_image',
  'corrupt_image',
  'image_too_large',
  'image_too_small',
  'no_face',
  'multiple_faces',
]);

/** What an earlier attempt committed, when the case is processed already; a processed case has its size. */
async function committedResult(db: Knex, row: CaseRow | undefined): Promise<ProcessedMaster | undefined> {
  if (row?.status !== 'processed' || !row.verdict) return undefined;
  const { master_width: width, master_height: height, verdict } = row;
  if (width === null || height === null) throw new Error(`case ${row.id} is processed without its size`);
  const photos = await listCasePhotos(db, row.id);
  return { width, height, verdict, photos: photos.map((p) => p.profile_id) };
}

/** The five standards every case gets (the regional library takes them all), and the documents asked for. */
const profilesFor = (row: CaseRow) => [
  ...new Set([
    ...defaultProfileIds,
    ...row.documents,
    ...(row.category === 'military' ? ['nco_military'] : []),
  ]),
];

async function runPipeline(deps: ActivityDeps, row: CaseRow, master: Buffer): Promise<PipelineResult> {
  try {
    return await deps.pipeline.process(master, { profiles: profilesFor(row), documents: row.documents });
  } catch (err) {
    if (err instanceof ImagingError && photoRejections.has(err.code)) {
      const details: PhotoRejection = { code: err.code, message: err.messages };
      throw ApplicationFailure.create({
        message: err.messages.en,
        type: failureTypes.photoRejected,
        nonRetryable: true,
        details: [details],
      });
    }
    throw err;
  }
}

export function processMasterActivity(deps: ActivityDeps) {
  const { db, blobs } = deps;
  return {
    async processMaster({ caseId }: CaseRef): Promise<ProcessedMaster> {
      const row = await findCase(db, caseId);
      if (!row)
        throw ApplicationFailure.nonRetryable(`case ${caseId} does not exist`, failureTypes.caseNotFound);
      const committed = await committedResult(db, row);
      if (committed) return committed;

      const { report, renders, preview } = await runPipeline(deps, row, await blobs.get(row.master_sha256));
      const photos: NewCasePhotoRow[] = [];
      for (const [profileId, jpeg] of Object.entries(renders)) {
        const rendered = report.profiles[profileId];
        if (rendered?.status !== 'rendered') continue;
        photos.push({
          case_id: caseId,
          attempt: row.attempt,
          profile_id: profileId,
          sha256: await blobs.put(jpeg),
          width: rendered.width,
          height: rendered.height,
          dpi: rendered.dpi,
          bytes: rendered.bytes,
          jpeg_quality: rendered.jpegQuality,
          verdict: rendered.verdict,
          usable: rendered.usable,
        });
      }
      const previewSha256 = await blobs.put(preview);
      const size = { width: report.input.width, height: report.input.height };

      // Of two attempts running at once (one outlived its timeout) only the one that moves the case writes
      // photos and the audit entry; the other finds the case processed and returns what was committed.
      const moved = await applyTransition(db, {
        caseId,
        transition: 'recordVerdict',
        actor: workerActor,
        patch: {
          master_width: size.width,
          master_height: size.height,
          verdict: report.verdict,
          quality_report: report,
          preview_sha256: previewSha256,
        },
        alsoWrite: (trx) => saveCasePhotos(trx, photos),
        data: {
          ...size,
          attempt: row.attempt,
          verdict: report.verdict,
          failing: report.failing.map((f) => `${f.profile}:${f.id}`),
          photos: Object.fromEntries(photos.map((p) => [p.profile_id, p.sha256])),
          preview: previewSha256,
        },
      });
      if (!moved) return (await committedResult(db, await findCase(db, caseId)))!;
      return { ...size, verdict: report.verdict, photos: photos.map((p) => p.profile_id) };
    },
  };
}
