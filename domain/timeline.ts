/** One step of a case's timeline (GET /cases/:id/timeline): its shape is a zod schema in schemas.ts. */
export type { TimelineEntry } from './schemas';
