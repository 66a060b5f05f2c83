/**
 * `POST /lookups`: an approved organisation's client fetches a person's current issued photo by ID number and
 * business matter, within its approval's matters, profiles, network and limits. Every call, answered or
 * refused, is recorded in lookup_reads (client, matter, purpose, the person as a keyed hash, result) and
 * counted in interface_calls.
 */
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import type { BlobStore } from '../../db/blob-store';
import { currentIssuedPhoto } from '../../db/person-photos';
import { recordLookupRead, type LookupReadRow } from '../../db/lookup-reads';
import type { PersonCipher } from '../../db/person-cipher';
import { lookupAnswerSchema, lookupInput } from '../../domain/sharing';
import { defineRoute, json, type Route } from '../contract';
import { HttpProblem } from '../problems';
import { admission, scopeRefusals } from './client-access';
import { meterCalls } from './metering';

export interface LookupDeps {
  db: Knex;
  blobs: BlobStore;
  log: Logger;
  /** The person as a keyed hash of the ID number in the records (db/person-hash.ts). */
  personCipher: PersonCipher;
}

const photoProblems = {
  no_person: new HttpProblem(404, 'person_not_found', {
    zh: '没有该证件号码的人员照片记录',
    en: 'No photo record for this ID number',
  }),
  not_issued: new HttpProblem(404, 'photo_not_issued', {
    zh: '该人员的照片尚未签发',
    en: "The person's photo has not been issued yet",
  }),
  profile_not_issued: new HttpProblem(404, 'profile_not_issued', {
    zh: '该人员没有此规格的已签发照片',
    en: 'The person has no issued photo of this profile',
  }),
  revoked: new HttpProblem(410, 'photo_revoked', {
    zh: '该人员的照片已被撤销，不再有效',
    en: "The person's photo was revoked and is no longer valid",
  }),
};

export function lookupRoutes(deps: LookupDeps): Route[] {
  const { db, blobs, personCipher } = deps;
  return [
    defineRoute({
      tags: ['sharing'],
      method: 'post',
      path: '/lookups',
      summary: "An approved client's lookup of a person's current issued photo by ID number and matter",
      description:
        'Refusals, each with a stable code: 403 client_not_registered, client_suspended, no_active_approval, ' +
        'matter_not_approved, profile_not_approved, network_not_allowed; 429 rate_limited or over_quota ' +
        '(Retry-After); 404 person_not_found, photo_not_issued, profile_not_issued; 410 photo_revoked. Every ' +
        'call is recorded for the person and counted for the client.',
      permission: ['read', 'SharedPhoto'],
      before: [meterCalls(deps, 'lookup', 'organisation')],
      body: lookupInput,
      responses: { 200: json(lookupAnswerSchema, 'the photo, its certificate and issue time') },
      problems: [404, 410, 429],
      handler: async ({ body }, req, res) => {
        const { client, approvalFor } = await admission(db, req, 'photo_lookup', ['lookup']);
        const read: LookupReadRow = {
          at: new Date(),
          client_id: client.client_id,
          organisation_id: client.organisation_id,
          application_id: null,
          matter_code: body.matterCode,
          purpose: null,
          person_hash: personCipher.hash(body.idNumber),
          profile_id: body.profile ?? null,
          case_id: null,
          result: 'ok',
        };
        try {
          const approval = approvalFor((candidate) => {
            if (!candidate.matters.includes(body.matterCode)) return scopeRefusals.matter(body.matterCode);
            const profile = body.profile ?? candidate.profiles[0]!;
            return candidate.profiles.includes(profile) ? undefined : scopeRefusals.profile(profile);
          });
          const profileId = body.profile ?? approval.profiles[0]!;
          Object.assign(read, {
            application_id: approval.id,
            purpose: approval.purpose,
            profile_id: profileId,
          });
          const found = await currentIssuedPhoto(db, read.person_hash, profileId);
          if (found.found !== 'issued') throw photoProblems[found.found];
          const { photo } = found;
          read.case_id = photo.case_id;
          const bytes = await blobs.get(photo.sha256);
          res.json({
            caseId: photo.case_id,
            profileId,
            matterCode: body.matterCode,
            issuedAt: photo.issued_at.toISOString(),
            sha256: photo.sha256,
            mimeType: 'image/jpeg',
            photo: bytes.toString('base64'),
            certificate: photo.certificate,
          });
        } catch (err) {
          read.result = err instanceof HttpProblem ? err.code : 'internal_error';
          throw err;
        } finally {
          await recordLookupRead(db, read);
        }
      },
    }),
  ];
}
