/** One canonical JSON form for everything that is hashed or signed (audit entries, certificates, checkpoints). */

/** Canonical JSON (sorted keys) so a hash does not depend on key order after a jsonb round trip. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value && typeof value === 'object') {
    // Undefined members are dropped, as jsonb drops them: the hash must be recomputable from the stored row.
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
