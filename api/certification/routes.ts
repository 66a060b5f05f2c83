/**
 * Certified photos: the public keys (no login), verification of a photo by anyone (no login), and an issued
 * photo's certificate for those who may read its case.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { z } from 'zod';
import { findIssuedBySha256, listIssuedPhotos, toIssuedPhoto } from '../../db/issued-photos';
import type { UploadLimits } from '../../imaging';
import { certificateHolds } from '../../signing/certificate';
import type { KeyRing } from '../../signing/keys';
import { photoUpload, uploadedPhoto } from '../captures/routes';
import { caseParams, photoParams, readableCase } from '../cases/readable-case';
import { defineRoute, json, type Route } from '../contract';
import { notFound } from '../problems';
import {
  certificateSchema,
  issuedPhotoSchema,
  publicKeysSchema,
  verificationSchema,
} from '../review/schemas';

const certificateNotFound = notFound({ zh: '该证件照的证书', en: 'Certificate' });

/** Mounted without authentication: anyone may check a photo. */
export function publicCertificationRoutes({
  db,
  keys,
  limits,
}: {
  db: Knex;
  keys: KeyRing;
  limits: UploadLimits;
}): Route[] {
  const common = { tags: ['certification'] } as const;
  return [
    defineRoute({
      ...common,
      method: 'get',
      path: '/api/v1/certification/keys',
      summary: 'The public keys that sign issued photos (no login)',
      responses: { 200: json(publicKeysSchema, 'public keys') },
      handler: (_input, _req, res) => {
        res.setHeader('Cache-Control', 'public, max-age=300');
        res.json({ activeKeyId: keys.activeKeyId, keys: keys.publicKeys() });
      },
    }),
    defineRoute({
      ...common,
      method: 'post',
      path: '/api/v1/verify',
      summary: 'Is this a genuine issued photo? (no login; one changed pixel is not)',
      description:
        'Genuine when these exact bytes were issued and their certificate verifies; `valid` says whether the ' +
        'photo is still in force (not superseded or revoked).',
      before: photoUpload(limits),
      bodyType: 'multipart/form-data',
      files: { photo: 'the photo file as issued' },
      responses: { 200: json(verificationSchema, 'the answer') },
      problems: [413, 415],
      handler: async (_input, req, res) => {
        const sha256 = createHash('sha256').update(uploadedPhoto(req)).digest('hex');
        const [issued] = await findIssuedBySha256(db, sha256);
        if (!issued || !certificateHolds(keys, issued.certificate, sha256)) {
          res.json({ genuine: false, sha256 });
          return;
        }
        const photo = toIssuedPhoto(issued);
        res.json({
          genuine: true,
          valid: photo.state === 'issued',
          sha256,
          profileId: photo.profileId,
          issuedAt: photo.issuedAt,
          state: photo.state,
          keyId: photo.certificate.keyId,
          certificate: photo.certificate,
        });
      },
    }),
  ];
}

export function certificationRoutes({ db }: { db: Knex }): Route[] {
  const common = { tags: ['certification'], permission: ['read', 'Case'] } as const;
  return [
    defineRoute({
      ...common,
      method: 'get',
      path: '/cases/:id/issued',
      summary: "The case's issued photos with their certificates",
      params: caseParams,
      responses: { 200: json(z.array(issuedPhotoSchema), 'issued photos (empty until issued)') },
      problems: [404],
      handler: async (_input, req, res) => {
        const row = await readableCase(db, req);
        res.json((await listIssuedPhotos(db, row.id)).map(toIssuedPhoto));
      },
    }),
    defineRoute({
      ...common,
      method: 'get',
      path: '/cases/:id/photos/:profileId/certificate',
      summary: "An issued photo's certificate, to keep beside the file",
      params: photoParams,
      responses: { 200: json(certificateSchema, 'the certificate (a download)') },
      problems: [404],
      handler: async ({ params }, req, res) => {
        const row = await readableCase(db, req);
        const issued = (await listIssuedPhotos(db, row.id)).find((p) => p.profile_id === params.profileId);
        if (!issued) throw certificateNotFound;
        res.attachment(`${row.id}-${issued.profile_id}.certificate.json`).json(issued.certificate);
      },
    }),
  ];
}
