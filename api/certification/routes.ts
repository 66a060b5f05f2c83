/**
 * Certified photos: the public keys (no login), verification of a photo by anyone (no login), and an issued
 * photo's certificate for those who may read its case.
 */
import { createHash } from 'node:crypto';
import { Router } from 'express';
import type { Knex } from 'knex';
import { findIssuedBySha256, listIssuedPhotos, toIssuedPhoto } from '../../db/issued-photos';
import { certificateHolds } from '../../signing/certificate';
import type { KeyRing } from '../../signing/keys';
import { requirePermission } from '../auth/middleware';
import { readableCase } from '../cases/readable-case';
import { photoUpload, uploadedPhoto } from '../captures/routes';
import type { UploadLimits } from '../../imaging';
import { notFound } from '../problems';

const certificateNotFound = notFound({ zh: '该证件照的证书', en: 'Certificate' });

/** Mounted before authentication: anyone may check a photo. */
export function publicCertificationRoutes({
  db,
  keys,
  limits,
}: {
  db: Knex;
  keys: KeyRing;
  limits: UploadLimits;
}): Router {
  const router = Router();
  router.get('/certification/keys', (_req, res) => {
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.json({ keys: keys.publicKeys(), activeKeyId: keys.activeKeyId });
  });

  /** Genuine only when these exact bytes were issued, their certificate's signature holds, and still valid. */
  router.post('/verify', ...photoUpload(limits), async (req, res) => {
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
  });
  return router;
}

export function certificationRoutes({ db }: { db: Knex }): Router {
  const router = Router();
  router.get('/cases/:id/issued', requirePermission('read', 'Case'), async (req, res) => {
    const row = await readableCase(db, req);
    res.json((await listIssuedPhotos(db, row.id)).map(toIssuedPhoto));
  });
  router.get(
    '/cases/:id/photos/:profileId/certificate',
    requirePermission('read', 'Case'),
    async (req, res) => {
      const row = await readableCase(db, req);
      const issued = (await listIssuedPhotos(db, row.id)).find((p) => p.profile_id === req.params.profileId);
      if (!issued) throw certificateNotFound;
      res.attachment(`${row.id}-${issued.profile_id}.certificate.json`).json(issued.certificate);
    },
  );
  return router;
}
