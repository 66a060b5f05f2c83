/** Which network a process serves (TONGPAI_NETWORK, docs/networks.md). */
export const networkRoles = ['single', 'police', 'government'] as const;
export type NetworkRole = (typeof networkRoles)[number];

/** The exchange's message kinds (exchange/messages.ts), each with the one side that sends it. */
export const messageSenders = {
  'photo.issued': 'police',
  'photo.revoked': 'police',
  'grant.created': 'government',
  'grant.read': 'government',
  'grant.revoked': 'government',
  'grant.expired': 'government',
} as const satisfies Record<string, Exclude<NetworkRole, 'single'>>;
export type MessageKind = keyof typeof messageSenders;
