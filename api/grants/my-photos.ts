/**
 * A citizen's own issued photos (those issued under their account's verified ID number): what they may share,
 * each with its certificate, and the JPEG itself. Another person's photo is "not found", like one that is not.
 */
import type { Request } from 'express';
import { z } from 'zod';
import { issuedPhotosOfPerson, toIssuedPhoto } from '../../db/issued-photos';
import { caller } from '../auth/middleware';
import { sendSheet, sheetRoute, type SheetDeps } from '../cases/print-sheet';
import { binary, defineRoute, json, type Route } from '../contract';
import { HttpProblem, notFound } from '../problems';
import { issuedPhotoSchema } from '../review/schemas';

const photoNotFound = notFound({ zh: '该证件照', en: 'Photo' });
const notInForce = new HttpProblem(409, 'photo_not_in_force', {
  zh: '该证件照已被替换或撤销，不能再打印',
  en: 'This photo was superseded or revoked and is no longer printed',
});

export function myPhotoRoutes({ db, blobs, profiles }: SheetDeps): Route[] {
  const common = { tags: ['grants'], permission: ['read', 'Grant'] } as const;
  const mine = async (personHash: string | undefined) =>
    personHash ? issuedPhotosOfPerson(db, personHash) : [];
  const myPhoto = async (req: Request, { caseId, profileId }: { caseId: string; profileId: string }) => {
    const photo = (await mine(caller(req).personHash)).find(
      (p) => p.case_id === caseId && p.profile_id === profileId,
    );
    if (!photo) throw photoNotFound;
    return photo;
  };
  const photoParams = z.object({ caseId: z.string().meta({ format: 'uuid' }), profileId: z.string() });
  return [
    defineRoute({
      ...common,
      method: 'get',
      path: '/my/photos',
      summary: 'Your issued photos (by your verified ID number), newest first, with their certificates',
      responses: { 200: json(z.array(issuedPhotoSchema), 'your issued photos (empty without an ID number)') },
      handler: async (_input, req, res) =>
        void res.json((await mine(caller(req).personHash)).map(toIssuedPhoto)),
    }),
    defineRoute({
      ...common,
      method: 'get',
      path: '/my/photos/:caseId/:profileId',
      summary: 'One of your issued photos, the JPEG as issued',
      params: photoParams,
      responses: { 200: binary('the photo', 'image/jpeg') },
      problems: [404],
      handler: async ({ params }, req, res) => {
        const photo = await myPhoto(req, params);
        res.type('image/jpeg').send(await blobs.get(photo.sha256));
      },
    }),
    defineRoute({
      ...common,
      method: 'get',
      path: '/my/photos/:caseId/:profileId/sheet',
      summary: "A print sheet of one of your photos in force (a case's sheets: 6inch, 5inch, a4; audited)",
      params: photoParams,
      ...sheetRoute,
      problems: [404, 409],
      handler: async ({ params, query }, req, res) => {
        const photo = await myPhoto(req, params);
        if (photo.state !== 'issued') throw notInForce;
        await sendSheet({ db, blobs, profiles }, req, res, {
          caseId: photo.case_id,
          profileId: photo.profile_id,
          sha256: photo.sha256,
          query,
        });
      },
    }),
  ];
}
