/**
 * Who acted, from where and why, as an audit entry records it. Entries written for a request carry `via` (the
 * caller's roles, network and client application, from their token); decisions carry the decider's `roles`;
 * automatic steps are the actor `system:<part>`. Older entries recorded neither: their role and network read
 * as null, not as a guess.
 */
import type { Principal } from './principal';

export interface AuditVia {
  roles: string[];
  network: string | null;
  client: string | null;
}

/** The `via` part of an audit entry's data, for an entry written on `principal`'s request. */
export const auditVia = (principal: Principal): { via: AuditVia } => ({
  via: {
    roles: principal.roles,
    network: principal.network ?? null,
    client: principal.clientId ?? null,
  },
});

export interface AuditEntryContext {
  role: string | null;
  network: string | null;
  client: string | null;
  reason: string | null;
  /** The entry's data without `via` (shown as the fields above). */
  details: Record<string, unknown>;
}

const reasonKeys = ['reasonCode', 'reason', 'note', 'error'] as const;
const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
const text = (value: unknown) => (typeof value === 'string' && value ? value : null);

export function auditEntryContext(actor: string, data: Record<string, unknown>): AuditEntryContext {
  const { via: rawVia, ...details } = data;
  const via = (rawVia && typeof rawVia === 'object' ? rawVia : {}) as Record<string, unknown>;
  const roles = strings(via.roles) ?? strings(data.roles);
  const role = roles ? roles.join(',') : actor.startsWith('system') ? 'system' : null;
  const reason = reasonKeys.map((k) => text(data[k])).find((r) => r !== null) ?? null;
  return { role, network: text(via.network), client: text(via.client), reason, details };
}
