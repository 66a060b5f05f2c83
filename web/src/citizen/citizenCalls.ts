/** The API calls of the citizen's pages and the third-party page (api/grants, api/certification). */
import type { IssuedPhoto } from '../../../db/issued-photos';
import type { AccessLogEntry, Grant, GrantPurpose } from '../../../domain/grants';
import type { ApiClient } from '../providers/httpClient';
import type { SheetSize } from '../providers/dataProvider';

const API_BASE = '/api/v1';

export interface GrantOptions {
  purposes: { purpose: GrantPurpose; label: { zh: string; en: string } }[];
  maxExpiryDays: number;
  maxReads: number;
  thirdParties: { clientId: string; registeredName: string }[];
}

export interface GrantForm {
  caseId: string;
  profiles: string[];
  purpose: GrantPurpose;
  purposeText?: string;
  expiresAt: string;
  maxReads: number;
  clientId?: string;
}

export interface CreatedGrant {
  grant: Grant;
  code: string;
  qrSvg: string;
}

export interface Verification {
  genuine: boolean;
  valid?: boolean;
}

/** POST /redeem's answer (api/grants/redeem.ts). */
export interface RedeemedPhoto {
  grantId: string;
  profileId: string;
  purpose: GrantPurpose;
  readsLeft: number;
  photo: { mediaType: 'image/jpeg'; sha256: string; base64: string };
  certificate: { keyId: string; issuedAt: string; sha256: string };
  verification: { genuine: boolean; valid: boolean };
}

export interface CitizenCalls {
  getMyPhotos(): Promise<IssuedPhoto[]>;
  getMyPhoto(caseId: string, profileId: string): Promise<Blob>;
  getMyPrintSheet(caseId: string, profileId: string, size: SheetSize): Promise<Blob>;
  /** Anyone's check of a photo's bytes (POST /verify). */
  verifyPhoto(photo: Blob): Promise<Verification>;
  getGrantOptions(): Promise<GrantOptions>;
  createGrant(form: GrantForm): Promise<CreatedGrant>;
  /** Answers once the grant is marked revoked: no read succeeds after it. */
  revokeGrant(grantId: string): Promise<Grant>;
  /** The newest reads first. */
  getAccessLog(): Promise<AccessLogEntry[]>;
  redeem(code: string, profile: string): Promise<RedeemedPhoto>;
}

export function citizenCalls(client: ApiClient): CitizenCalls {
  const myPhoto = (caseId: string, profileId: string) =>
    `${API_BASE}/my/photos/${encodeURIComponent(caseId)}/${encodeURIComponent(profileId)}`;
  const getJson = async <T>(url: string) => (await client.json(url)).json as T;
  const postJson = async <T>(url: string, body: unknown) =>
    (await client.json(url, { method: 'POST', body: JSON.stringify(body) })).json as T;
  return {
    getMyPhotos: () => getJson(`${API_BASE}/my/photos`),
    getMyPhoto: (caseId, profileId) => client.blob(myPhoto(caseId, profileId)),
    getMyPrintSheet: (caseId, profileId, size) =>
      client.blob(`${myPhoto(caseId, profileId)}/sheet?size=${size}&format=pdf`, {
        headers: { Accept: 'application/pdf' },
      }),
    verifyPhoto: async (photo) => {
      const body = new FormData();
      body.append('photo', photo, 'photo.jpg');
      return (await client.json(`${API_BASE}/verify`, { method: 'POST', body })).json as Verification;
    },
    getGrantOptions: () => getJson(`${API_BASE}/my/grant-options`),
    createGrant: (form) => postJson(`${API_BASE}/grants`, form),
    revokeGrant: (grantId) => postJson(`${API_BASE}/grants/${encodeURIComponent(grantId)}/revocation`, {}),
    getAccessLog: () => getJson(`${API_BASE}/my/access-log?range=${encodeURIComponent('[0,99]')}`),
    redeem: (code, profile) => postJson(`${API_BASE}/redeem`, { code, profile }),
  };
}
