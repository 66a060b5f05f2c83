/**
 * A limit on the calls one worker makes to one library at once. When a library comes back after an outage,
 * the submissions that waited are retried over the jittered backoff (errors.ts), and here at most `calls`
 * of them reach it together.
 */
import { createSlots } from '../slots';
import type { UpstreamAdapter } from './http-adapter';

export function limitInFlight(adapter: UpstreamAdapter, calls: number): UpstreamAdapter {
  const slots = createSlots(calls);
  return {
    target: adapter.target,
    submit: (submission) => slots.run(() => adapter.submit(submission)),
    recall: (request) => slots.run(() => adapter.recall(request)),
  };
}
