/**
 * ra-data-simple-rest over the API, plus what REST conventions do not cover: a capture is a multipart upload
 * answered by 202 with the new case's id, the master image is bytes behind the bearer token, and the review
 * steps (claim, decide, retake) are commands on a case rather than record updates; reuse offers are asked for
 * and answered at capture.
 */
import simpleRestProvider from 'ra-data-simple-rest';
import type {
  CreateParams,
  CreateResult,
  DataProvider,
  GetListParams,
  GetManyReferenceParams,
  GetOneParams,
  UpdateParams,
} from 'react-admin';
import type {
  Bilingual,
  CaseDetail,
  DocumentProfile,
  PersonCategory,
  PhotoVerdict,
} from '../../../domain/cases';
import { reviewStatuses } from '../../../domain/lifecycle';
import type { RevocationReason } from '../../../domain/revocation';
import type { ReasonCode } from '../../../domain/rules';
import type {
  AuditSearchPage,
  AuditVerificationReport,
  PhotoHistory,
  ReuseOffer,
  UpstreamSubmission,
  UpstreamTargetOverview,
} from '../../../domain/schemas';
import type { DashboardFigures } from '../../../domain/dashboard-schemas';
import type { TimelineEntry } from '../../../domain/timeline';
import type { Application, ApprovalInput, InterfaceClient } from '../../../domain/sharing';
import type { Grant } from '../../../domain/grants';
import type { ThirdPartyClient } from '../../../domain/webhooks';
import type { IssuedPhoto } from '../../../db/issued-photos';
import type { UpstreamTarget } from '../../../domain/upstream';
import type { Decision } from '../../../workflows/contracts';
import { citizenCalls, type CitizenCalls } from '../citizen/citizenCalls';
import type { ApiClient } from './httpClient';

export const API_BASE = '/api/v1';

export interface CaptureForm {
  photo: File;
  stationId: string;
  personName: string;
  idNumber: string;
  category: PersonCategory;
  device?: string;
  documents?: DocumentProfile[];
  nationalityConflict?: boolean;
  /** The reuse offer (an issued case's id) the citizen declined by sitting again. */
  declinedReuseOf?: string;
}

/** Who a reuse offer is asked for, and where: the same fields as the capture it would spare. */
export interface ReuseQuery {
  idNumber: string;
  documents: DocumentProfile[];
  stationId: string;
}

/** The API's 202 answer to a capture; `id` is the new case's id, so react-admin can redirect to it. */
export interface CaptureAccepted {
  id: string;
  caseId: string;
  workflowId: string;
  status: string;
}

/** The images of a case, all behind the bearer token: the master, the annotated preview, each standard photo. */
export type CaseImagePart = 'master' | 'preview' | `photos/${string}`;

/** Print-sheet sizes the server lays photos out on (imaging/profiles/data/sheets.json). */
export const sheetSizes = ['6inch', '5inch', 'a4'] as const;
export type SheetSize = (typeof sheetSizes)[number];

/** The review queues a reviewer or supervisor takes the next case from. */
export type ReviewQueue = 'review' | 'second' | 'escalated';

export interface DecisionForm {
  decision: Decision;
  reasonCode?: string;
  note?: string;
  checks?: string[];
}

/** A check's passing range (imaging/profiles/schema.ts): either bound may be open. */
export interface CheckRange {
  min?: number;
  max?: number;
}

/** One check of one profile in the pipeline's report (GET /cases/:id/report, imaging/report.ts). */
export interface ReportCheck {
  id: string;
  value: number;
  threshold: { pass: CheckRange; severity: 'retake' | 'review'; retakeOutside?: CheckRange };
  pass: boolean;
  severity: 'retake' | 'review' | null;
  message: Bilingual;
}

/** The parts of the pipeline's report the review page shows. */
export interface QualityReport {
  verdict: PhotoVerdict;
  profiles: Record<string, { name: Bilingual; verdict: PhotoVerdict; checks: ReportCheck[] }>;
}

export interface TongpaiDataProvider extends DataProvider, CitizenCalls {
  getCaseImage(caseId: string, part: CaseImagePart): Promise<Blob>;
  /** The live face guide's detector weights (ONNX). */
  getFaceGuideModel(): Promise<Blob>;
  /** A citizen's own capture on their phone; answers the new case's id. */
  selfCapture(photo: File, device?: string): Promise<{ caseId: string }>;
  getSelfCapture(caseId: string): Promise<CaseDetail>;
  retakeSelfCapture(caseId: string, photo: File, device?: string): Promise<CaseDetail>;
  /** A PDF of the exact sheet size with as many copies of the photo as fit. */
  getPrintSheet(caseId: string, profileId: string, size: SheetSize): Promise<Blob>;
  getReport(caseId: string): Promise<QualityReport>;
  getTimeline(caseId: string): Promise<TimelineEntry[]>;
  getIssuedPhotos(caseId: string): Promise<IssuedPhoto[]>;
  /** The signed certificate of one issued photo, as the JSON file it is downloaded as. */
  getCertificate(caseId: string, profileId: string): Promise<Blob>;
  getReasonCodes(): Promise<ReasonCode[]>;
  claimCase(caseId: string): Promise<CaseDetail>;
  releaseCase(caseId: string): Promise<void>;
  /** Claims the oldest free case of a queue (of these categories); rejects with a 404 `queue_empty` problem. */
  claimNext(queue: ReviewQueue, category?: PersonCategory[]): Promise<CaseDetail>;
  /** Answers once the decision is persisted by the case's workflow. */
  decide(caseId: string, decision: DecisionForm): Promise<CaseDetail>;
  submitRetake(caseId: string, photo: File, device?: string): Promise<CaseDetail>;
  /** The person's issued photo they may reuse for these documents, or null. */
  getReuseOffer(query: ReuseQuery): Promise<ReuseOffer | null>;
  /** One photo of a standing offer, to show the citizen. */
  getReuseOfferPhoto(caseId: string, profileId: string): Promise<Blob>;
  /** Records that the citizen reuses the offered photo (no new capture); answers the offer as recorded. */
  reuse(caseId: string, query: ReuseQuery): Promise<ReuseOffer>;
  /** Each library's submission of the issued photos, and its recall once revoked or superseded. */
  getUpstream(caseId: string): Promise<UpstreamSubmission[]>;
  /** Answers once the case is revoked and its recalls are started (an administrator's step). */
  revokeCase(caseId: string, revocation: RevocationForm): Promise<CaseDetail>;
  /** Pauses or resumes a library (audited with the reason). */
  setTargetPaused(target: UpstreamTarget, paused: boolean, reason: string): Promise<UpstreamTargetOverview>;
  /** A manual-queue decision; answers once the submission's workflow has persisted it. */
  decideUpstream(
    caseId: string,
    target: UpstreamTarget,
    form: UpstreamDecisionForm,
  ): Promise<UpstreamSubmission>;
  /** Verifies the whole audit trail now (the run is itself audited); answers once it is done. */
  verifyAuditTrail(): Promise<AuditVerificationReport>;
  /** The last verification of the audit trail, or null when it was never verified. */
  getLatestAuditVerification(): Promise<AuditVerificationReport | null>;
  /** Every dashboard figure over the caller's scope, counted now by the server. */
  getDashboard(): Promise<DashboardFigures>;
  /** One page of the audit trail, newest first (the search is itself audited). */
  searchAudit(query: AuditSearchQuery): Promise<AuditSearchPage>;
  /** A photo's whole history (audit entries and workflow histories, oldest first; the read is audited). */
  getPhotoHistory(caseId: string): Promise<PhotoHistory>;
  /** The history for a case file: the signed JSON or the PDF (the export is audited). */
  exportPhotoHistory(caseId: string, format: 'json' | 'pdf'): Promise<Blob>;
  /** An administrator's step on an application; answers once its workflow has persisted it. */
  decideApplication(id: string, step: 'approve', body: ApprovalInput): Promise<Application>;
  decideApplication(id: string, step: 'reject' | 'suspend', body: { reason: string }): Promise<Application>;
  /** Suspends an organisation's client at once (its next call is refused), or reinstates it. */
  setClientSuspended(clientId: string, suspended: boolean, reason: string): Promise<InterfaceClient>;
  /** Answers once the grant is revoked (no read succeeds after); an administrator gives the reason. */
  revokeGrantWithReason(grantId: string, reason: string): Promise<Grant>;
  /** A new webhook signing secret for a third party, answered this once. */
  makeWebhookSecret(clientId: string): Promise<ThirdPartyClient & { webhookSecret: string }>;
}

export interface AuditSearchQuery {
  idNumber?: string;
  actor?: string;
  action?: string;
  stationId?: string;
  client?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
}

/** What the API takes to change a record of these resources: the form's fields without the answer's own. */
const editableFields: Record<string, (data: Record<string, unknown>) => Record<string, unknown>> = {
  'catalogue-entries': ({ name, description, service, profiles, matters, networks, defaultLimits }) => ({
    name,
    description,
    service,
    profiles,
    matters,
    networks,
    defaultLimits,
  }),
  organisations: ({ name, kind, network, contacts, clientIds, clients }) => ({
    name,
    kind,
    network,
    contacts,
    clientIds: clientIds ?? (clients as { clientId: string }[]).map((c) => c.clientId),
  }),
  'third-party-clients': ({ registeredName, enabled, redeemsPerMinute, webhookUrl }) => ({
    registeredName,
    enabled,
    redeemsPerMinute,
    webhookUrl,
  }),
};

export interface RevocationForm {
  reasonCode: RevocationReason;
  note?: string;
}

export interface UpstreamDecisionForm {
  decision: 'resubmit' | 'close';
  reason: string;
  /** Render the library's photos again from the master before resubmitting. */
  correct?: boolean;
}

/** The `review` resource: the cases of the caller's review queues, read through `/cases`, never any other. */
function reviewQueueParams(params: GetListParams): GetListParams {
  const asked: unknown[] = [params.filter?.status ?? []].flat();
  const statuses = reviewStatuses.filter((status) => asked.includes(status));
  return {
    ...params,
    filter: { ...params.filter, status: statuses.length ? statuses : [...reviewStatuses] },
  };
}

/** A photo upload (a retake, a self-capture): the photo and, if known, the camera that took it. */
function photoForm(photo: File, device?: string): FormData {
  const body = new FormData();
  body.append('photo', photo, photo.name);
  if (device) body.append('device', device);
  return body;
}

export function createDataProvider(client: ApiClient): TongpaiDataProvider {
  const rest = simpleRestProvider(API_BASE, client.json);

  async function createCapture(form: CaptureForm): Promise<CreateResult<CaptureAccepted>> {
    const body = new FormData();
    body.append('photo', form.photo, form.photo.name);
    body.append('stationId', form.stationId);
    body.append('personName', form.personName);
    body.append('idNumber', form.idNumber);
    body.append('category', form.category);
    if (form.device) body.append('device', form.device);
    if (form.documents?.length) body.append('documents', form.documents.join(','));
    if (form.nationalityConflict !== undefined)
      body.append('nationalityConflict', String(form.nationalityConflict));
    if (form.declinedReuseOf) body.append('declinedReuseOf', form.declinedReuseOf);
    const { json } = await client.json(`${API_BASE}/captures`, { method: 'POST', body });
    const accepted = json as Omit<CaptureAccepted, 'id'>;
    return { data: { ...accepted, id: accepted.caseId } };
  }

  // react-admin's `create` is generic in the record type, which a per-resource answer cannot express.
  const create = ((resource: string, params: CreateParams) =>
    resource === 'captures'
      ? createCapture(params.data as CaptureForm)
      : rest.create(resource, params)) as DataProvider['create'];

  const caseUrl = (caseId: string, rest = '') => `${API_BASE}/cases/${encodeURIComponent(caseId)}${rest}`;
  const getJson = async <T>(url: string) => (await client.json(url)).json as T;
  const postJson = async <T>(url: string, body: unknown) =>
    (await client.json(url, { method: 'POST', body: JSON.stringify(body) })).json as T;

  const update = ((resource: string, params: UpdateParams) => {
    const editable = editableFields[resource];
    return rest.update(
      resource,
      editable ? { ...params, data: editable(params.data as Record<string, unknown>) } : params,
    );
  }) as DataProvider['update'];

  /** A page whose total the API estimated (X-Total-Estimated) says so in its meta, which the pagination shows. */
  const getList = (async (resource: string, params: GetListParams) => {
    let totalEstimated = false;
    const reading = simpleRestProvider(API_BASE, async (url, options) => {
      const response = await client.json(url, options);
      totalEstimated = response.headers.get('x-total-estimated') === 'true';
      return response;
    });
    const page =
      resource === 'review'
        ? await reading.getList('cases', reviewQueueParams(params))
        : await reading.getList(resource, params);
    return totalEstimated ? { ...page, meta: { totalEstimated } } : page;
  }) as DataProvider['getList'];

  return {
    ...rest,
    ...citizenCalls(client),
    create,
    update,
    getList,
    // A client's webhook deliveries live under the client (its reference-many field on the edit page).
    getManyReference: (resource: string, params: GetManyReferenceParams) =>
      resource === 'webhook-deliveries'
        ? rest.getList(`third-party-clients/${encodeURIComponent(String(params.id))}/webhook-deliveries`, {
            pagination: params.pagination,
            sort: params.sort,
            filter: params.filter,
          })
        : rest.getManyReference(resource, params),
    getOne: (resource: string, params: GetOneParams) =>
      rest.getOne(resource === 'review' ? 'cases' : resource, params),
    getReport: (caseId) => getJson(caseUrl(caseId, '/report')),
    getTimeline: (caseId) => getJson(caseUrl(caseId, '/timeline')),
    getIssuedPhotos: (caseId) => getJson(caseUrl(caseId, '/issued')),
    getCertificate: (caseId, profileId) =>
      client.blob(caseUrl(caseId, `/photos/${encodeURIComponent(profileId)}/certificate`), {
        headers: { Accept: 'application/json' },
      }),
    getReasonCodes: () => getJson(`${API_BASE}/reason-codes`),
    claimCase: (caseId) => postJson(caseUrl(caseId, '/claim'), {}),
    releaseCase: async (caseId) => {
      await client.json(caseUrl(caseId, '/release'), { method: 'POST' });
    },
    claimNext: (queue, category) =>
      postJson(`${API_BASE}/review-queue/next`, { queue, ...(category?.length ? { category } : {}) }),
    decide: (caseId, decision) => postJson(caseUrl(caseId, '/decisions'), decision),
    submitRetake: async (caseId, photo, device) =>
      (await client.json(caseUrl(caseId, '/retakes'), { method: 'POST', body: photoForm(photo, device) }))
        .json as CaseDetail,
    getReuseOffer: async ({ idNumber, documents, stationId }) => {
      const query = new URLSearchParams({ idNumber, documents: documents.join(','), stationId });
      return (await getJson<{ offer: ReuseOffer | null }>(`${API_BASE}/reuse-offers?${query}`)).offer;
    },
    getReuseOfferPhoto: (caseId, profileId) =>
      client.blob(
        `${API_BASE}/reuse-offers/${encodeURIComponent(caseId)}/photos/${encodeURIComponent(profileId)}`,
      ),
    reuse: async (caseId, query) =>
      (await postJson<{ offer: ReuseOffer }>(`${API_BASE}/reuses`, { caseId, ...query })).offer,
    getUpstream: (caseId) => getJson(caseUrl(caseId, '/upstream')),
    revokeCase: (caseId, revocation) => postJson(caseUrl(caseId, '/revocation'), revocation),
    setTargetPaused: (target, paused, reason) =>
      postJson(`${API_BASE}/upstream-targets/${encodeURIComponent(target)}/${paused ? 'pause' : 'resume'}`, {
        reason,
      }),
    decideUpstream: (caseId, target, { decision, reason, correct }) =>
      postJson(caseUrl(caseId, `/upstream/${encodeURIComponent(target)}/${decision}`), {
        reason,
        ...(decision === 'resubmit' && correct ? { correct } : {}),
      }),
    verifyAuditTrail: () => postJson(`${API_BASE}/audit/verifications`, {}),
    getLatestAuditVerification: () => getJson(`${API_BASE}/audit/verifications/latest`),
    getDashboard: () => getJson(`${API_BASE}/dashboard`),
    searchAudit: (query) => postJson(`${API_BASE}/audit/searches`, query),
    getPhotoHistory: (caseId) => getJson(caseUrl(caseId, '/history')),
    exportPhotoHistory: (caseId, format) =>
      client.blob(caseUrl(caseId, `/history/export?format=${format}`), {
        headers: { Accept: format === 'pdf' ? 'application/pdf' : 'application/json' },
      }),
    decideApplication: (id: string, step: string, body: unknown) =>
      postJson<Application>(`${API_BASE}/applications/${encodeURIComponent(id)}/${step}`, body),
    revokeGrantWithReason: (grantId, reason) =>
      postJson(`${API_BASE}/grants/${encodeURIComponent(grantId)}/revocation`, { reason }),
    makeWebhookSecret: (clientId) =>
      postJson(`${API_BASE}/third-party-clients/${encodeURIComponent(clientId)}/webhook-secret`, {}),
    setClientSuspended: (clientId, suspended, reason) =>
      postJson(
        `${API_BASE}/interface-clients/${encodeURIComponent(clientId)}/${suspended ? 'suspend' : 'reinstate'}`,
        { reason },
      ),
    getPrintSheet: (caseId, profileId, size) =>
      client.blob(
        `${API_BASE}/cases/${encodeURIComponent(caseId)}/photos/${encodeURIComponent(profileId)}/sheet?size=${size}&format=pdf`,
      ),
    getCaseImage: (caseId, part) =>
      client.blob(
        `${API_BASE}/cases/${encodeURIComponent(caseId)}/${part.split('/').map(encodeURIComponent).join('/')}`,
      ),
    getFaceGuideModel: () =>
      client.blob(`${API_BASE}/face-guide/model`, { headers: { Accept: 'application/octet-stream' } }),
    selfCapture: async (photo, device) =>
      (await client.json(`${API_BASE}/my/captures`, { method: 'POST', body: photoForm(photo, device) }))
        .json as { caseId: string },
    getSelfCapture: (caseId) => getJson(`${API_BASE}/my/captures/${encodeURIComponent(caseId)}`),
    retakeSelfCapture: async (caseId, photo, device) =>
      (
        await client.json(`${API_BASE}/my/captures/${encodeURIComponent(caseId)}/retakes`, {
          method: 'POST',
          body: photoForm(photo, device),
        })
      ).json as CaseDetail,
  };
}
