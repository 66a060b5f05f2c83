/**
 * The upstream libraries an issued photo is submitted to, and what each receives; shared by the adapters,
 * the upstream simulator, the configuration and (later) the console. The wire contract is in
 * docs/upstream.md and activities/upstream/contract.ts.
 */
import type { Bilingual } from './schemas';

export const upstreamTargets = ['yrd', 'exit_entry', 'id_card', 'driving_licence'] as const;
export type UpstreamTarget = (typeof upstreamTargets)[number];

/** A submitted photo: the master (as it may leave the system) or one standard photo by its profile id. */
export type SubmittedPhotoKind = 'master' | 'exit_entry' | 'id_card' | 'driving_licence' | 'face_compare';

export interface UpstreamTargetInfo {
  name: Bilingual;
  /** Exactly these photos make one submission to this target. */
  photos: readonly SubmittedPhotoKind[];
}

export const upstreamTargetInfo: Record<UpstreamTarget, UpstreamTargetInfo> = {
  yrd: {
    name: { zh: '长三角区域人像库', en: 'Yangtze River Delta regional photo library' },
    photos: ['master', 'exit_entry', 'id_card', 'driving_licence', 'face_compare'],
  },
  exit_entry: {
    name: { zh: '省出入境证件照片库', en: 'Provincial exit-entry photo library' },
    photos: ['exit_entry'],
  },
  id_card: {
    name: { zh: '省居民身份证照片库', en: 'Provincial resident ID card photo library' },
    photos: ['id_card'],
  },
  driving_licence: {
    name: { zh: '省机动车驾驶证照片库', en: 'Provincial driving licence photo library' },
    photos: ['driving_licence'],
  },
};

/**
 * Where one submission stands: pending (not yet answered), delivered (with the library's receipt), retrying
 * (the last attempt failed in a way worth trying again), rejected (the library refused this payload: a
 * person must look), recalled (withdrawn after delivery).
 */
export const upstreamSubmissionStates = ['pending', 'delivered', 'retrying', 'rejected', 'recalled'] as const;
export type UpstreamSubmissionState = (typeof upstreamSubmissionStates)[number];

/**
 * One submission's identity: the case, the target and the photo version (the case's attempt whose photos
 * were issued). A repeat with this key is answered with the original receipt, never stored twice.
 */
export function upstreamIdempotencyKey(caseId: string, target: UpstreamTarget, photoVersion: number): string {
  return `${caseId}:${target}:${photoVersion}`;
}
