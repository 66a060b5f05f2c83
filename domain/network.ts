/** Which network a process serves (TONGPAI_NETWORK, docs/networks.md). */
export const networkRoles = ['single', 'police', 'government'] as const;
export type NetworkRole = (typeof networkRoles)[number];
