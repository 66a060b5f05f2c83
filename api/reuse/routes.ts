/**
 * Reuse: a person who already has an issued photo younger than each requested document's reuse window need
 * not sit again. The operator asks for an offer when the ID number is typed, shows the citizen the photo, and
 * records their choice: reuse it (no new capture; audited on the issued case) or capture anew (the capture
 * names the declined offer, audited likewise). Offers and their photos are read only by those who may capture.
 */
import { auditVia } from '../../domain/audit-entry';
import type { Knex } from 'knex';
import { z } from 'zod';
import { documentProfiles } from '../../domain/cases';
import { rulesFor, type RuleBook } from '../../domain/rules';
import { recordAuditEvent } from '../../db/audit';
import type { BlobStore } from '../../db/blob-store';
import { currentIssueFor, listIssuedPhotos } from '../../db/issued-photos';
import { personHashOf, type PersonCipher } from '../../db/person-cipher';
import { findCase } from '../../db/cases';
import { findStation } from '../../db/stations';
import { tag } from '../../domain/ability';
import { reuseOfferSchema } from '../../domain/schemas';
import { caller } from '../auth/middleware';
import { binary, defineRoute, json, type Route } from '../contract';
import { forbidden, invalidRequest, notFound } from '../problems';

const documents = z
  .union([z.string(), z.array(z.string())])
  .transform((v) => (Array.isArray(v) ? v : v.split(',')).map((d) => d.trim()))
  .pipe(z.array(z.enum(documentProfiles)).min(1));

const offerQuery = z.object({
  idNumber: z.string().trim().min(1).max(40),
  documents,
  stationId: z.string().trim().min(1).max(64),
});
const reuseBody = z.object({
  caseId: z.uuid(),
  documents,
  stationId: z.string().trim().min(1).max(64),
});
const fieldMessages = {
  idNumber: { zh: '请填写证件号码', en: 'Enter the identity document number' },
  documents: { zh: '办理证件无效', en: 'documents must list known document profiles' },
  stationId: { zh: '请选择采集站点', en: 'Choose the capture station' },
  caseId: { zh: '案件编号无效', en: 'caseId must be a case id' },
};

const offerGone = notFound({ zh: '可复用的照片', en: 'Reusable photo' });

const addMonths = (date: Date, months: number) => {
  const d = new Date(date);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
};

export function reuseRoutes({
  db,
  blobs,
  rules,
  personCipher,
}: {
  db: Knex;
  blobs: BlobStore;
  rules: RuleBook;
  personCipher: PersonCipher;
}): Route[] {
  const common = { tags: ['captures'], permission: ['create', 'Capture'] } as const;

  /** Offers, views, reuses and refusals are audited on the issued case, as the caller's acts. */
  const audited = (
    req: Parameters<Route['handler']>[1],
    caseId: string,
    action: string,
    data: Record<string, unknown>,
  ) =>
    recordAuditEvent(db, {
      at: new Date(),
      caseId,
      actor: caller(req).principal.username,
      action,
      data: { ...data, ...auditVia(caller(req).principal) },
    });

  /** The station the operator acts for, if they may capture there. */
  async function stationFor(req: Parameters<Route['handler']>[1], stationId: string) {
    const station = await findStation(db, stationId);
    if (!caller(req).ability.can('create', tag('Capture', { stationId, regionId: station?.regionId })))
      throw forbidden();
    if (!station) throw invalidRequest([{ field: 'stationId', messages: fieldMessages.stationId }]);
    return station;
  }

  /** The offer for these documents, judged by the reuse windows of the station's region. */
  async function offerFor(personHash: string, wanted: string[], regionId: string) {
    const issue = await currentIssueFor(db, personHash);
    if (!issue) return null;
    const windows = rulesFor(rules, regionId).reuseMonths;
    const ends = wanted.map((d) => addMonths(issue.issuedAt, windows[d] ?? 0));
    const reusableUntil = new Date(Math.min(...ends.map((d) => d.getTime())));
    const profiles = issue.photos.filter((p) => p.state === 'issued').map((p) => p.profile_id);
    if (reusableUntil.getTime() <= Date.now() || !wanted.every((d) => profiles.includes(d))) return null;
    return {
      caseId: issue.caseId,
      issuedAt: issue.issuedAt.toISOString(),
      reusableUntil: reusableUntil.toISOString(),
      profiles,
    };
  }

  return [
    defineRoute({
      ...common,
      method: 'get',
      path: '/reuse-offers',
      summary: "The person's issued photo, if it may be reused for these documents (asked at capture)",
      query: offerQuery,
      fieldMessages,
      responses: { 200: json(reuseOfferSchema, 'the offer, or null') },
      handler: async ({ query }, req, res) => {
        const station = await stationFor(req, query.stationId);
        const offer = await offerFor(personCipher.hash(query.idNumber), query.documents, station.regionId);
        if (offer) {
          await audited(req, offer.caseId, 'photo.reuse_offered', {
            stationId: station.id,
            documents: query.documents,
          });
        }
        res.json({ offer });
      },
    }),
    defineRoute({
      ...common,
      method: 'get',
      path: '/reuse-offers/:caseId/photos/:profileId',
      summary: 'A photo of an offer, to show the citizen (only while the offer stands; audited)',
      params: z.object({ caseId: z.string(), profileId: z.string() }),
      responses: { 200: binary('the issued JPEG', 'image/jpeg') },
      problems: [404],
      handler: async ({ params }, req, res) => {
        const row = z.uuid().safeParse(params.caseId).success ? await findCase(db, params.caseId) : undefined;
        // Only while the offer stands: the person's issue in force, within the profile's reuse window.
        const wanted = documentProfiles.find((d) => d === params.profileId);
        const offer =
          row && wanted && (await offerFor(personHashOf(row, personCipher), [wanted], row.region_id));
        const photo =
          offer?.caseId === row?.id
            ? (await listIssuedPhotos(db, row!.id)).find((p) => p.profile_id === params.profileId)
            : undefined;
        if (!photo) throw offerGone;
        await audited(req, row!.id, 'photo.reuse_viewed', { profile: photo.profile_id });
        res.type('image/jpeg').send(await blobs.get(photo.sha256));
      },
    }),
    defineRoute({
      ...common,
      method: 'post',
      path: '/reuses',
      summary: 'Record that the citizen reuses their issued photo for these documents (no new capture)',
      body: reuseBody,
      fieldMessages,
      responses: { 201: json(reuseOfferSchema, 'recorded; the photo reused') },
      problems: [404],
      handler: async ({ body }, req, res) => {
        const station = await stationFor(req, body.stationId);
        const row = await findCase(db, body.caseId);
        const offer =
          row && (await offerFor(personHashOf(row, personCipher), body.documents, station.regionId));
        if (!offer || offer.caseId !== body.caseId) throw offerGone;
        await audited(req, offer.caseId, 'photo.reused', {
          stationId: station.id,
          documents: body.documents,
        });
        res.status(201).json({ offer });
      },
    }),
  ];
}
