/**
 * Processed attempts written straight into a test database, for volume the capture path would take too long
 * to make (hundreds of photos): a case row per attempt with its verdict and failing checks, an archived
 * earlier attempt where asked (a retake), and a valid resident ID number of the birth date and sex asked.
 * Each attempt is returned as the test's own record, to count the expected figures from independently.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { PhotoVerdict } from '../../domain/cases';

export interface SeededAttempt {
  caseId: string;
  stationId: string;
  regionId: string;
  capturedAt: Date;
  verdict: PhotoVerdict;
  checks: string[];
  idNumber: string;
}

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** A resident ID number (GB 11643) of a Beijing district with this birth date and sex. */
export function residentIdNumber(
  birth: { year: number; month: number; day: number },
  sex: 'male' | 'female',
) {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const sequence = `01${sex === 'male' ? 1 : 2}`;
  const body = `110105${pad(birth.year, 4)}${pad(birth.month, 2)}${pad(birth.day, 2)}${sequence}`;
  const sum = weights.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11]!;
}

const report = (checks: string[]) => ({
  failing: checks.map((id) => ({
    profile: 'id_card',
    id,
    severity: 'error',
    message: { zh: id, en: id },
  })),
  profiles: {},
});

/** Inserts `attempts` as closed (abandoned) cases; `retakeOf` rows become an archived earlier attempt. */
export async function seedAttempts(
  db: Knex,
  attempts: (SeededAttempt & {
    earlier?: Omit<SeededAttempt, 'caseId' | 'stationId' | 'regionId' | 'idNumber'>;
  })[],
): Promise<void> {
  const cases = attempts.map((a) => ({
    id: a.caseId,
    status: 'abandoned',
    category: 'resident',
    person_name: '测试',
    id_number: a.idNumber,
    station_id: a.stationId,
    region_id: a.regionId,
    operator_subject: 'seeded-operator',
    operator_username: 'seeded.operator',
    master_sha256: '0'.repeat(64),
    master_mime_type: 'image/jpeg',
    master_bytes: 1,
    workflow_id: `photo-${a.caseId}`,
    captured_at: a.capturedAt,
    attempt: a.earlier ? 2 : 1,
    verdict: a.verdict,
    quality_report: JSON.stringify(report(a.checks)),
  }));
  const earlier = attempts
    .filter((a) => a.earlier)
    .map((a) => ({
      case_id: a.caseId,
      attempt: 1,
      master_sha256: '1'.repeat(64),
      master_mime_type: 'image/jpeg',
      master_bytes: 1,
      operator_subject: 'seeded-operator',
      operator_username: 'seeded.operator',
      captured_at: a.earlier!.capturedAt,
      verdict: a.earlier!.verdict,
      quality_report: JSON.stringify(report(a.earlier!.checks)),
    }));
  await db.batchInsert('cases', cases, 200);
  await db.batchInsert('case_attempts', earlier, 200);
}

export const newAttempt = (a: Omit<SeededAttempt, 'caseId'>): SeededAttempt => ({
  caseId: randomUUID(),
  ...a,
});
