/** The standard photos rendered from a case's master: one row per profile, the JPEG itself in the blob store. */
import type { Knex } from 'knex';
import type { Bilingual, CasePhoto, PhotoVerdict } from '../domain/cases';

export interface CasePhotoRow {
  case_id: string;
  /** The case's attempt whose master rendered it (retakes add attempts). */
  attempt: number;
  profile_id: string;
  sha256: string;
  width: number;
  height: number;
  dpi: number;
  bytes: number;
  jpeg_quality: number;
  verdict: PhotoVerdict;
  usable: boolean;
  created_at: Date;
}

export type NewCasePhotoRow = Omit<CasePhotoRow, 'created_at'>;

export function toCasePhoto(row: CasePhotoRow, name: Bilingual): CasePhoto {
  return {
    profileId: row.profile_id,
    name,
    sha256: row.sha256,
    width: row.width,
    height: row.height,
    dpi: row.dpi,
    bytes: row.bytes,
    jpegQuality: row.jpeg_quality,
    verdict: row.verdict,
    usable: row.usable,
  };
}

/** Written once per attempt, in the transaction that moves it to processed (a second set is a conflict). */
export async function saveCasePhotos(db: Knex, rows: NewCasePhotoRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db<CasePhotoRow>('case_photos').insert(rows);
}

/** The case's current attempt, as a subquery: photos of earlier attempts stay in the table. */
const currentAttempt = (db: Knex, caseId: string) => db('cases').where({ id: caseId }).select('attempt');

/** The photos of the case's current attempt. */
export async function listCasePhotos(db: Knex, caseId: string): Promise<CasePhotoRow[]> {
  return db<CasePhotoRow>('case_photos')
    .where({ case_id: caseId })
    .andWhere('attempt', currentAttempt(db, caseId))
    .orderBy('profile_id');
}

export async function findCasePhoto(
  db: Knex,
  caseId: string,
  profileId: string,
): Promise<CasePhotoRow | undefined> {
  return db<CasePhotoRow>('case_photos')
    .where({ case_id: caseId, profile_id: profileId })
    .andWhere('attempt', currentAttempt(db, caseId))
    .first();
}
