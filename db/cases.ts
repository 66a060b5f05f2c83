/** The case read model: snake_case rows mapped to the domain's camelCase, and status-guarded transitions. */
import type { Knex } from 'knex';
import {
  maskIdNumber,
  type Bilingual,
  type CaptureChannel,
  type CaseDetail,
  type CaseStatus,
  type CaseSummary,
  type FailingCheck,
  type PersonCategory,
  type PhotoVerdict,
} from '../domain/cases';
import type { PersonCipher, SealedIdNumber } from './person-cipher';
import type { PersonHasher } from './person-hash';
import { toCasePhoto, type CasePhotoRow } from './photos';

/** The parts of the pipeline's report (stored whole, as JSON) that the read model shows. */
export interface StoredQualityReport {
  failing: Omit<FailingCheck, 'profileName'>[];
  profiles: Record<string, { name: Bilingual; verdict?: PhotoVerdict; status?: string }>;
}

export interface CaseRow {
  id: string;
  status: CaseStatus;
  category: PersonCategory;
  person_name: string;
  /** Emptied by the conversion to sealed numbers (migration 0018, db/seal-persons.ts); null on every new case. */
  id_number: string | null;
  /** The ID number sealed (db/person-cipher.ts), opened only for the roles that see it whole. */
  id_number_encrypted: string | null;
  /** HMAC-SHA256 of the ID number under the person-hash key (db/person-hash.ts): what every lookup matches. */
  id_number_hmac: string | null;
  /** What lists show. */
  id_number_masked: string | null;
  /** What the dashboard's figures read: the sex and birth date (YYYYMMDD) a resident ID number encodes. */
  resident_sex: string | null;
  resident_birth: string | null;
  /** Null for a phone capture (no station takes part). */
  station_id: string | null;
  channel: CaptureChannel;
  region_id: string;
  operator_subject: string;
  operator_username: string;
  device: string | null;
  master_sha256: string;
  master_mime_type: string;
  master_bytes: number;
  master_width: number | null;
  master_height: number | null;
  workflow_id: string;
  failure_reason: string | null;
  failure_code: string | null;
  failure_message: Bilingual | null;
  verdict: PhotoVerdict | null;
  quality_report: StoredQualityReport | null;
  preview_sha256: string | null;
  captured_at: Date;
  created_at: Date;
  updated_at: Date;
  documents: string[];
  nationality_conflict: boolean;
  attempt: number;
  route_reason: string | null;
  queued_at: Date | null;
  sla_due_at: Date | null;
  escalated_at: Date | null;
  claimed_by_subject: string | null;
  claimed_by_username: string | null;
  claim_expires_at: Date | null;
  first_approver_subject: string | null;
  first_approver_username: string | null;
  decision_reason_code: string | null;
  decision_note: string | null;
  retake_checks: string[] | null;
  retake_deadline_at: Date | null;
  issued_at: Date | null;
  revoked_at: Date | null;
  revoked_by: string | null;
  revocation_reason: string | null;
  revocation_note: string | null;
  superseded_by: string | null;
}

/** Columns a lifecycle step may set besides the status (see transitionCase). */
export type CasePatch = Partial<Omit<CaseRow, 'id' | 'status' | 'created_at' | 'updated_at'>>;

export type NewCaseRow = Pick<
  CaseRow,
  | 'id'
  | 'status'
  | 'category'
  | 'person_name'
  | 'station_id'
  | 'region_id'
  | 'operator_subject'
  | 'operator_username'
  | 'device'
  | 'master_sha256'
  | 'master_mime_type'
  | 'master_bytes'
  | 'master_width'
  | 'master_height'
  | 'workflow_id'
  | 'failure_reason'
  | 'captured_at'
  | 'documents'
  | 'nationality_conflict'
> &
  Partial<Pick<CaseRow, 'channel'>> &
  PersonColumns;

/** A case's person columns from its ID number: sealed, hashed, masked, and what the dashboard reads of it. */
export type PersonColumns = SealedIdNumber & { resident_sex: Knex.Raw; resident_birth: Knex.Raw };

export const personColumnsOf = (db: Knex, cipher: PersonCipher, idNumber: string): PersonColumns => ({
  ...cipher.columns(idNumber),
  // The database's own reading of GB 11643 (migrations 0013, 0018), so the figures match its older rows.
  resident_sex: db.raw('resident_sex(?)', [idNumber]),
  resident_birth: db.raw('resident_birth(?)', [idNumber]),
});

/** Domain field name -> column, for sorting and for access filters written against domain fields. */
export const caseColumns: Record<string, string> = {
  id: 'id',
  status: 'status',
  verdict: 'verdict',
  category: 'category',
  personName: 'person_name',
  stationId: 'station_id',
  channel: 'channel',
  regionId: 'region_id',
  operatorUsername: 'operator_username',
  capturedAt: 'captured_at',
  updatedAt: 'updated_at',
  queuedAt: 'queued_at',
  slaDueAt: 'sla_due_at',
  escalatedAt: 'escalated_at',
  claimedBy: 'claimed_by_username',
};

/** The columns a list shows: never the report (large), never more than the summary needs. */
const summaryColumns = [
  'id',
  'status',
  'verdict',
  'category',
  'person_name',
  'id_number',
  'id_number_masked',
  'station_id',
  'channel',
  'region_id',
  'operator_username',
  'captured_at',
  'updated_at',
  'documents',
  'nationality_conflict',
  'attempt',
  'queued_at',
  'sla_due_at',
  'escalated_at',
  'claimed_by_username',
  'claim_expires_at',
  'first_approver_username',
] as const;
export type CaseSummaryRow = Pick<CaseRow, (typeof summaryColumns)[number]>;

/** The masked ID number lists show: stored at capture, or from a row not yet converted (db/seal-persons.ts). */
export const maskedIdNumberOf = (row: Pick<CaseRow, 'id_number' | 'id_number_masked'>) =>
  row.id_number_masked ?? maskIdNumber(row.id_number ?? '');

export function toCaseSummary(row: CaseSummaryRow): CaseSummary {
  return {
    id: row.id,
    status: row.status,
    verdict: row.verdict,
    category: row.category,
    personName: row.person_name,
    idNumberMasked: maskedIdNumberOf(row),
    stationId: row.station_id,
    channel: row.channel,
    regionId: row.region_id,
    operatorUsername: row.operator_username,
    capturedAt: row.captured_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    documents: row.documents,
    nationalityConflict: row.nationality_conflict,
    attempt: row.attempt,
    queuedAt: iso(row.queued_at),
    slaDueAt: iso(row.sla_due_at),
    escalatedAt: iso(row.escalated_at),
    // A claim whose lease ran out is no claim: anyone may take the case.
    ...activeClaim(row),
    firstApprover: row.first_approver_username,
  };
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

function activeClaim(row: Pick<CaseRow, 'claimed_by_username' | 'claim_expires_at'>) {
  const live = row.claim_expires_at && row.claim_expires_at.getTime() > Date.now();
  return live
    ? { claimedBy: row.claimed_by_username, claimExpiresAt: iso(row.claim_expires_at) }
    : { claimedBy: null, claimExpiresAt: null };
}

/** `idNumber`: the number whole (idNumberOf in db/person-cipher.ts), for the roles that read a case's detail. */
export function toCaseDetail(row: CaseRow, idNumber: string, photos: CasePhotoRow[] = []): CaseDetail {
  const names = row.quality_report?.profiles ?? {};
  return {
    ...toCaseSummary(row),
    idNumber,
    workflowId: row.workflow_id,
    device: row.device,
    master: {
      sha256: row.master_sha256,
      mimeType: row.master_mime_type,
      bytes: row.master_bytes,
      width: row.master_width,
      height: row.master_height,
    },
    failureReason: row.failure_reason,
    failureCode: row.failure_code,
    failureMessage: row.failure_message,
    failingChecks: (row.quality_report?.failing ?? []).map((check) => ({
      ...check,
      profileName: names[check.profile]?.name ?? { zh: check.profile, en: check.profile },
    })),
    photos: photos.map((p) =>
      toCasePhoto(p, names[p.profile_id]?.name ?? { zh: p.profile_id, en: p.profile_id }),
    ),
    routeReason: row.route_reason,
    decisionReasonCode: row.decision_reason_code,
    decisionNote: row.decision_note,
    retakeChecks: row.retake_checks ?? [],
    retakeDeadlineAt: iso(row.retake_deadline_at),
    issuedAt: iso(row.issued_at),
    revocation: row.revoked_at
      ? {
          at: row.revoked_at.toISOString(),
          by: row.revoked_by!,
          reasonCode: row.revocation_reason!,
          note: row.revocation_note,
        }
      : null,
    supersededBy: row.superseded_by,
  };
}

export async function insertCase(db: Knex, row: NewCaseRow): Promise<void> {
  await db<CaseRow>('cases').insert(row);
}

export async function findCase(db: Knex, id: string): Promise<CaseRow | undefined> {
  return db<CaseRow>('cases').where({ id }).first();
}

export interface CaseListQuery {
  /** Restricts rows to what the caller may see (built from their ability). */
  scope: (qb: Knex.QueryBuilder) => void;
  filter: {
    id?: string[];
    status?: CaseStatus[];
    verdict?: PhotoVerdict[];
    category?: PersonCategory[];
    stationId?: string[];
    channel?: CaptureChannel[];
    q?: string;
  };
  sort: { field: keyof typeof caseColumns; order: 'asc' | 'desc' };
  /** The keyed hash an ID number typed in the search box is matched by. */
  personHash: PersonHasher;
  offset: number;
  limit: number;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Above this many matching cases a list's total is the planner's estimate: counting a million rows for every
 * page would cost more than the page itself. The count reads at most this many rows plus one, and a filter no
 * index serves as a whole (a station and a verdict, say) fetches each from the table: 10,000 such rows took
 * about 110 ms at a million cases, 1,000 take about a tenth of that.
 */
export const exactTotalLimit = 1_000;

export interface CasePage {
  rows: CaseSummaryRow[];
  total: number;
  /** True when `total` is the planner's estimate (more than `exactTotalLimit` cases match). */
  totalEstimated: boolean;
}

/**
 * The search box: the start of a name (family name first), an ID number typed whole (by its keyed hash: numbers
 * are sealed at rest, so a part of one finds nothing), or a case id.
 */
function search(qb: Knex.QueryBuilder, q: string, personHash: PersonHasher) {
  const escaped = q.replace(/[\\%_]/g, (c) => `\\${c}`);
  qb.whereLike('person_name', `${escaped}%`).orWhere('id_number_hmac', personHash(q));
  if (uuidPattern.test(q)) qb.orWhere('id', q);
}

export async function listCases(db: Knex, query: CaseListQuery): Promise<CasePage> {
  const { filter } = query;
  const base = db<CaseRow>('cases').where(query.scope);
  if (filter.id) base.whereIn('id', filter.id);
  if (filter.status?.length) base.whereIn('status', filter.status);
  if (filter.verdict?.length) base.whereIn('verdict', filter.verdict);
  if (filter.category?.length) base.whereIn('category', filter.category);
  if (filter.stationId?.length) base.whereIn('station_id', filter.stationId);
  if (filter.channel?.length) base.whereIn('channel', filter.channel);
  if (filter.q) base.where((qb) => search(qb, filter.q!, query.personHash));
  const rows: CaseSummaryRow[] = await base
    .clone()
    .select([...summaryColumns])
    .orderBy(caseColumns[query.sort.field]!, query.sort.order)
    .orderBy('id', 'asc')
    .offset(query.offset)
    .limit(query.limit);
  const matching = base.clone().select(db.raw('1'));
  const [{ count }] = (await db.count({ count: '*' }).from(
    matching
      .clone()
      .limit(exactTotalLimit + 1)
      .as('matching'),
  )) as [{ count: string }];
  if (Number(count) <= exactTotalLimit) return { rows, total: Number(count), totalEstimated: false };
  const { sql, bindings } = matching.toSQL();
  const explained = await db.raw(`explain (format json) ${sql}`, bindings);
  const planRows = Number(explained.rows[0]['QUERY PLAN'][0].Plan['Plan Rows']);
  return { rows, total: Math.max(exactTotalLimit + 1, Math.round(planRows)), totalEstimated: true };
}

/**
 * Moves a case to `to` only if it is in one of `from`; returns the moved row, or undefined when no row changed
 * (the caller decides whether that is a conflict or an already-applied retry).
 */
export async function transitionCase(
  db: Knex,
  id: string,
  from: readonly CaseStatus[],
  to: CaseStatus,
  patch: CasePatch = {},
): Promise<CaseRow | undefined> {
  const [moved] = await db<CaseRow>('cases')
    .where({ id })
    .whereIn('status', from)
    .update({ ...patch, status: to, updated_at: db.fn.now() as unknown as Date }, '*');
  return moved as CaseRow | undefined;
}

/** Everyone who captured an attempt of the case (the first capture and each retake): none may decide it. */
export async function capturersOf(
  db: Knex,
  row: Pick<CaseRow, 'id' | 'operator_subject'>,
): Promise<string[]> {
  const earlier: { operator_subject: string }[] = await db('case_attempts')
    .where({ case_id: row.id })
    .select('operator_subject');
  return [...new Set([row.operator_subject, ...earlier.map((a) => a.operator_subject)])];
}
