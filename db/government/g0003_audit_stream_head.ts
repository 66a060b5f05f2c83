/** The audit trail's one-round-trip append (db/audit.ts) needs the police side's function here too. */
export { up, down } from '../migrations/0021_audit_stream_head';
