/**
 * ra-data-simple-rest over the API, plus what REST conventions do not cover: a capture is a multipart upload
 * answered by 202 with the new case's id, and the master image is bytes behind the bearer token.
 */
import simpleRestProvider from 'ra-data-simple-rest';
import type { CreateParams, CreateResult, DataProvider } from 'react-admin';
import type { PersonCategory } from '../../../domain/cases';
import type { ApiClient } from './httpClient';

export const API_BASE = '/api/v1';

export interface CaptureForm {
  photo: File;
  stationId: string;
  personName: string;
  idNumber: string;
  category: PersonCategory;
  device?: string;
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

export interface TongpaiDataProvider extends DataProvider {
  getCaseImage(caseId: string, part: CaseImagePart): Promise<Blob>;
  /** A PDF of the exact sheet size with as many copies of the photo as fit. */
  getPrintSheet(caseId: string, profileId: string, size: SheetSize): Promise<Blob>;
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
    const { json } = await client.json(`${API_BASE}/captures`, { method: 'POST', body });
    const accepted = json as Omit<CaptureAccepted, 'id'>;
    return { data: { ...accepted, id: accepted.caseId } };
  }

  // react-admin's `create` is generic in the record type, which a per-resource answer cannot express.
  const create = ((resource: string, params: CreateParams) =>
    resource === 'captures'
      ? createCapture(params.data as CaptureForm)
      : rest.create(resource, params)) as DataProvider['create'];

  return {
    ...rest,
    create,
    getPrintSheet: (caseId, profileId, size) =>
      client.blob(
        `${API_BASE}/cases/${encodeURIComponent(caseId)}/photos/${encodeURIComponent(profileId)}/sheet?size=${size}&format=pdf`,
      ),
    getCaseImage: (caseId, part) =>
      client.blob(
        `${API_BASE}/cases/${encodeURIComponent(caseId)}/${part.split('/').map(encodeURIComponent).join('/')}`,
      ),
  };
}
