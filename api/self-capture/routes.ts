/**
 * A citizen's capture of their own photo on their phone (the `phone` channel): the person is the caller, by
 * their account's verified ID number and name; no station or operator takes part. It starts the same
 * lifecycle workflow as a window capture; by default the routing rules (`reviewChannels`) send every phone
 * capture to a person before issue. The citizen follows their case here and retakes in the same case.
 */
import type { Request } from 'express';
import { z } from 'zod';
import { tag } from '../../domain/ability';
import { caseDetailSchema } from '../../domain/schemas';
import { findCase, type CaseRow } from '../../db/cases';
import { inspectUpload, type UploadLimits } from '../../imaging';
import { caller } from '../auth/middleware';
import { caseDetailOf, caseNotFound, caseParams } from '../cases/readable-case';
import { defineRoute, json, type Route } from '../contract';
import { retakeContract, retakeInCase, type RetakeDeps } from '../captures/retake';
import { photoUpload, uploadedPhoto } from '../captures/routes';
import { captureFieldMessages, documentsField } from '../captures/schema';
import { acceptCapture, acceptedCaptureSchema, type CaptureDeps } from '../captures/service';
import { forbidden } from '../problems';
import { bilingual } from '../validation';

/** Only what the citizen may choose: who the photo is of comes from their account, never from the form. */
const selfCaptureFields = z.strictObject(
  {
    device: z.string().trim().max(200).optional(),
    documents: documentsField,
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? bilingual({
            zh: `自助采集只接受照片、设备和办理证件；不接受：${issue.keys.join('、')}（本人身份取自账号）`,
            en: `A self-capture takes only the photo, device and documents, not ${issue.keys.join(', ')} (who you are comes from your account)`,
          })
        : undefined,
  },
);

export function selfCaptureRoutes(deps: CaptureDeps & RetakeDeps & { limits: UploadLimits }): Route[] {
  const common = { tags: ['captures'] } as const;

  /** The caller's own phone capture named by the path, for `action`; 404 for anything else (nothing leaks). */
  async function ownCapture(req: Request, action: 'read' | 'retake'): Promise<CaseRow> {
    const { ability } = caller(req);
    const id = String(req.params.id);
    const row = z.uuid().safeParse(id).success ? await findCase(deps.db, id) : undefined;
    if (!row || row.channel !== 'phone') throw caseNotFound;
    if (!ability.can(action, tag('SelfCapture', { ownerPersonHash: row.id_number_hmac }))) throw caseNotFound;
    return row;
  }

  return [
    defineRoute({
      ...common,
      method: 'post',
      path: '/my/captures',
      summary:
        'Capture your own photo on your phone (citizens): the same lifecycle workflow photo-<caseId>, channel phone',
      permission: ['create', 'SelfCapture'],
      before: photoUpload(deps.limits),
      bodyType: 'multipart/form-data',
      body: selfCaptureFields,
      files: { photo: 'JPEG, PNG, WebP or HEIC' },
      fieldMessages: { device: captureFieldMessages.device!, documents: captureFieldMessages.documents! },
      responses: { 202: json(acceptedCaptureSchema, 'accepted; follow it at GET /my/captures/{caseId}') },
      problems: [403, 413, 415, 503],
      handler: async ({ body }, req, res) => {
        const { principal, ability, personHash } = caller(req);
        const { idNumber, regionId } = principal;
        // The route's permission needs both (domain/ability.ts): a citizen without a verified ID number has none.
        if (
          !idNumber ||
          !regionId ||
          !ability.can('create', tag('SelfCapture', { ownerPersonHash: personHash }))
        )
          throw forbidden();
        const buffer = uploadedPhoto(req);
        // Refused here, before anything is stored, exactly as a window capture is.
        const info = await inspectUpload(buffer, deps.limits);
        const fields = {
          personName: principal.displayName,
          idNumber,
          // A verified ID number on an account is a resident's (the realm's id_number attribute).
          category: 'resident' as const,
          documents: body.documents,
          nationalityConflict: false,
          ...(body.device ? { device: body.device } : {}),
        };
        const accepted = await acceptCapture(deps, principal, { channel: 'phone', regionId }, fields, {
          buffer,
          info,
        });
        res.status(202).location(`/api/v1/my/captures/${accepted.caseId}`).json(accepted);
      },
    }),
    defineRoute({
      ...common,
      method: 'get',
      path: '/my/captures/:id',
      summary: 'Your phone capture: its status, verdict and reasons (poll it after capturing)',
      permission: ['read', 'SelfCapture'],
      params: caseParams,
      responses: { 200: json(caseDetailSchema, 'the case') },
      problems: [404],
      handler: async (_input, req, res) => {
        const row = await ownCapture(req, 'read');
        res.json(await caseDetailOf(deps.db, deps.personCipher, row));
      },
    }),
    defineRoute({
      ...common,
      method: 'post',
      path: '/my/captures/:id/retakes',
      summary: 'Capture your photo again in the same case, when it waits for a retake',
      permission: ['retake', 'SelfCapture'],
      ...retakeContract(deps.limits),
      handler: async ({ body }, req, res) => {
        const row = await ownCapture(req, 'retake');
        res.status(202).json(await retakeInCase(deps, req, row, body.device));
      },
    }),
  ];
}
