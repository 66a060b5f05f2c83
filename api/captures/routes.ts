import { Router, type Request, type RequestHandler } from 'express';
import multer from 'multer';
import { tag } from '../../domain/ability';
import { findStation } from '../../db/stations';
import { inspectUpload, type UploadLimits } from '../../imaging';
import { caller, requirePermission } from '../auth/middleware';
import { forbidden, HttpProblem, invalidRequest } from '../problems';
import { parseOrThrow } from '../validation';
import { captureFieldMessages, captureFields } from './schema';
import { acceptCapture, type CaptureDeps } from './service';

/** The photo upload of a capture or a retake: multipart only, one file, at most the configured size. */
export function photoUpload(limits: UploadLimits): RequestHandler[] {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: limits.maxBytes, files: 1, fields: 20, fieldSize: 4096 },
  });
  return [
    (req, _res, next) => {
      if (!req.is('multipart/form-data')) {
        return next(
          new HttpProblem(415, 'multipart_required', {
            zh: '请以 multipart/form-data 上传照片（字段 photo）及采集信息',
            en: 'Send the photo (field "photo") and the capture fields as multipart/form-data',
          }),
        );
      }
      next();
    },
    upload.single('photo'),
  ];
}

export function uploadedPhoto(req: Request): Buffer {
  if (!req.file) {
    throw invalidRequest([
      {
        field: 'photo',
        messages: { zh: '请附上照片文件（字段 photo）', en: 'Attach the photo file (field "photo")' },
      },
    ]);
  }
  return req.file.buffer;
}

export function captureRoutes(deps: CaptureDeps & { limits: UploadLimits }): Router {
  const router = Router();

  router.post(
    '/captures',
    requirePermission('create', 'Capture'),
    ...photoUpload(deps.limits),
    async (req, res) => {
      const { principal, ability } = caller(req);
      const fields = parseOrThrow(captureFields, req.body, captureFieldMessages);
      const station = await findStation(deps.db, fields.stationId);
      const target = { stationId: fields.stationId, regionId: station?.regionId };
      if (!ability.can('create', tag('Capture', target))) throw forbidden();
      if (!station) throw invalidRequest([{ field: 'stationId', messages: captureFieldMessages.stationId! }]);
      const buffer = uploadedPhoto(req);
      // Refused here, before anything is stored: no case, blob or workflow is left behind by a bad file.
      const info = await inspectUpload(buffer, deps.limits);
      const accepted = await acceptCapture(deps, principal, station, fields, { buffer, info });
      res.status(202).location(`/api/v1/cases/${accepted.caseId}`).json(accepted);
    },
  );
  return router;
}
