/**
 * The words of institutional sharing, without zod: the console imports them (domain/sharing.ts holds the
 * API's schemas and re-exports these).
 */
/** What a catalogue entry opens: the issued photos by ID number, or the pipeline's checks and rendering. */
export const sharingServices = ['photo_lookup', 'imaging_tools'] as const;
export type SharingService = (typeof sharingServices)[number];

export const organisationKinds = ['department', 'police_unit'] as const;

/**
 * An application's life: pending → approved or rejected → active → expired or suspended. Approval activates
 * at once (validity starts with the decision); `approved` is the short step between the decision and the
 * activation being recorded.
 */
export const applicationStatuses = [
  'pending',
  'approved',
  'rejected',
  'active',
  'expired',
  'suspended',
] as const;
export type ApplicationStatus = (typeof applicationStatuses)[number];

/** The interface endpoints external clients call, as counted (also `redeem` for the citizens' grants). */
export const interfaceEndpoints = ['lookup', 'tools.check', 'tools.render', 'redeem'] as const;
export type InterfaceEndpoint = (typeof interfaceEndpoints)[number];
/** Which kind of external client called: an organisation's client here, a citizen's third party for redeem. */
export const clientKinds = ['organisation', 'third_party'] as const;
export type ClientKind = (typeof clientKinds)[number];

/** Results that refuse a call before it is served: they do not use up the quota. */
export const unmeteredResults = ['rate_limited', 'over_quota', 'client_suspended'] as const;

/** Statuses an application may be suspended from (by the administrator) and be expired from (by its timer). */
export const liveApplicationStatuses: readonly ApplicationStatus[] = ['approved', 'active'];
