/**
 * A citizen's own issued photos (those issued under their account's verified ID number): what they may share,
 * each with its certificate, and the JPEG itself. Another person's photo is "not found", like one that is not.
 */
import type { Knex } from 'knex';
import { z } from 'zod';
import type { BlobStore } from '../../db/blob-store';
import { issuedPhotosOfPerson, toIssuedPhoto } from '../../db/issued-photos';
import { caller } from '../auth/middleware';
import { binary, defineRoute, json, type Route } from '../contract';
import { notFound } from '../problems';
import { issuedPhotoSchema } from '../review/schemas';

const photoNotFound = notFound({ zh: '该证件照', en: 'Photo' });

export function myPhotoRoutes({ db, blobs }: { db: Knex; blobs: BlobStore }): Route[] {
  const common = { tags: ['grants'], permission: ['read', 'Grant'] } as const;
  const mine = async (personHash: string | undefined) =>
    personHash ? issuedPhotosOfPerson(db, personHash) : [];
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
      params: z.object({ caseId: z.string().meta({ format: 'uuid' }), profileId: z.string() }),
      responses: { 200: binary('the photo', 'image/jpeg') },
      problems: [404],
      handler: async ({ params }, req, res) => {
        const photo = (await mine(caller(req).personHash)).find(
          (p) => p.case_id === params.caseId && p.profile_id === params.profileId,
        );
        if (!photo) throw photoNotFound;
        res.type('image/jpeg').send(await blobs.get(photo.sha256));
      },
    }),
  ];
}
