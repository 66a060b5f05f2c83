/** The terms of grants, without zod: the console imports them for its choices. */
export const grantPurposes = [
  'employment',
  'exam_registration',
  'certificate',
  'competition',
  'other',
] as const;
export type GrantPurpose = (typeof grantPurposes)[number];

/** Active until it expires, is revoked, or its reads are used up; every end is final. */
export const grantStates = ['active', 'revoked', 'expired', 'exhausted'] as const;
export type GrantState = (typeof grantStates)[number];
