import multer from 'multer';
import type { Request, RequestHandler } from 'express';
import { tag } from '../../domain/ability';
import { findCase } from '../../db/cases';
import { personHashOf } from '../../db/person-cipher';
import { findStation } from '../../db/stations';
import { inspectUpload, type UploadLimits } from '../../imaging';
import { caller } from '../auth/middleware';
import { defineRoute, json, type Route } from '../contract';
import { forbidden, HttpProblem, invalidRequest } from '../problems';
import { captureFieldMessages, captureFields } from './schema';
import { acceptCapture, acceptedCaptureSchema, type CaptureDeps } from './service';

const multipartOnly: RequestHandler = (req, _res, next) => {
  if (req.is('multipart/form-data')) return next();
  next(
    new HttpProblem(415, 'multipart_required', {
      zh: '请以 multipart/form-data 上传照片（字段 photo）及采集信息',
      en: 'Send the photo (field "photo") and the capture fields as multipart/form-data',
    }),
  );
};

/** A body the multipart parser cannot read (no boundary, cut short, a malformed part): the sender's fault. */
const unreadableUpload = new HttpProblem(400, 'invalid_upload', {
  zh: '上传内容无法解析：请以完整的 multipart/form-data 重新上传',
  en: 'The upload cannot be read: send it again as complete multipart/form-data',
});

/** The photo upload of a capture, a retake or a verification: multipart only, one file, within the limits. */
export function photoUpload(limits: UploadLimits): RequestHandler[] {
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: limits.maxBytes, files: 1, fields: 20, fieldSize: 4096 },
  }).single('photo');
  // Multer names its own limits (MulterError); the parser's other errors are a malformed body, not a fault.
  const parse: RequestHandler = (req, res, next) =>
    upload(req, res, (err?: unknown) =>
      next(err && !(err instanceof multer.MulterError) ? unreadableUpload : err),
    );
  return [multipartOnly, parse];
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

export function captureRoutes(deps: CaptureDeps & { limits: UploadLimits }): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/captures',
      tags: ['captures'],
      summary: 'Capture a photo at a station (operators); starts the lifecycle workflow photo-<caseId>',
      permission: ['create', 'Capture'],
      before: photoUpload(deps.limits),
      bodyType: 'multipart/form-data',
      body: captureFields,
      files: { photo: 'JPEG, PNG, WebP or HEIC' },
      fieldMessages: captureFieldMessages,
      responses: { 202: json(acceptedCaptureSchema, 'accepted; processing continues in the workflow') },
      problems: [413, 415, 503],
      handler: async ({ body: fields }, req, res) => {
        const { principal, ability } = caller(req);
        const station = await findStation(deps.db, fields.stationId);
        const target = { stationId: fields.stationId, regionId: station?.regionId };
        if (!ability.can('create', tag('Capture', target))) throw forbidden();
        if (!station)
          throw invalidRequest([{ field: 'stationId', messages: captureFieldMessages.stationId! }]);
        // The decline is audited on the named case: only ever the same person's, as the reuse offer was.
        if (fields.declinedReuseOf) {
          const declined = await findCase(deps.db, fields.declinedReuseOf);
          if (
            !declined ||
            personHashOf(declined, deps.personCipher) !== deps.personCipher.hash(fields.idNumber)
          )
            throw invalidRequest([
              { field: 'declinedReuseOf', messages: captureFieldMessages.declinedReuseOf! },
            ]);
        }
        const buffer = uploadedPhoto(req);
        // Refused here, before anything is stored: no case, blob or workflow is left behind by a bad file.
        const info = await inspectUpload(buffer, deps.limits);
        const accepted = await acceptCapture(deps, principal, { channel: 'window', station }, fields, {
          buffer,
          info,
        });
        res.status(202).location(`/api/v1/cases/${accepted.caseId}`).json(accepted);
      },
    }),
  ];
}
