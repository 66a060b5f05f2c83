/** One step of a case's timeline (GET /cases/:id/timeline): an audit entry or a summarised workflow event. */
export type TimelineEntry =
  | { source: 'audit'; at: string; action: string; actor: string; data: Record<string, unknown> }
  | { source: 'workflow'; at: string; type: string; activity?: string; update?: string };
