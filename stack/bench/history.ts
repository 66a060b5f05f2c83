/**
 * Where a case's time goes, from its workflow history: the capture request up to the workflow's start, each
 * activity's wait in the task queue and its run, and the workflow tasks between one activity's end and the
 * next one's scheduling (a round trip to Temporal and the worker each).
 */
import type { WorkflowHandle } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';

type HistoryEvent = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

export interface CaseHistory {
  /** When the capture was sent (this machine's clock, as the history's). */
  sentAt: number;
  events: HistoryEvent[];
}

/** Milliseconds per named segment, one list per segment, in the order they happen. */
export type Breakdown = Map<string, number[]>;

export function historyBreakdown(histories: CaseHistory[]): Breakdown {
  const segments: Breakdown = new Map();
  const add = (name: string, ms: number) => segments.set(name, [...(segments.get(name) ?? []), ms]);
  for (const { sentAt, events } of histories) {
    const time = (e: HistoryEvent) => tsToMs(e.eventTime);
    const started = events.find((e) => e.workflowExecutionStartedEventAttributes)!;
    add('capture sent -> workflow started', time(started) - sentAt);
    const scheduled = new Map<string, { name: string; at: number }>();
    const activityStarted = new Map<string, number>();
    let lastEnd = time(started);
    let betweenActivities = 0;
    for (const e of events) {
      const s = e.activityTaskScheduledEventAttributes;
      if (s) {
        scheduled.set(String(e.eventId), { name: s.activityType?.name ?? '?', at: time(e) });
        betweenActivities += time(e) - lastEnd;
      }
      const st = e.activityTaskStartedEventAttributes;
      if (st) activityStarted.set(String(st.scheduledEventId), time(e));
      const done = e.activityTaskCompletedEventAttributes;
      if (done) {
        const id = String(done.scheduledEventId);
        const { name, at } = scheduled.get(id)!;
        add(`${name}: waits in the queue`, activityStarted.get(id)! - at);
        add(`${name}: runs`, time(e) - activityStarted.get(id)!);
        lastEnd = time(e);
      }
    }
    const completed = events.find((e) => e.workflowExecutionCompletedEventAttributes);
    add('workflow tasks between activities (sum)', betweenActivities);
    if (completed) add('last activity -> workflow completed', time(completed) - lastEnd);
    add('workflow tasks per case', events.filter((e) => e.workflowTaskCompletedEventAttributes).length);
    add('history events per case', events.length);
  }
  return segments;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

export function printBreakdown(segments: Breakdown): void {
  const count = [...segments.values()][0]?.length ?? 0;
  console.log(`\nwhere the time goes (half-load cases' workflow histories, median of ${count}):`);
  for (const [name, values] of segments) {
    const unit = name.endsWith('per case') ? '' : ' ms';
    console.log(`  ${name.padEnd(44)} ${median(values).toFixed(0).padStart(6)}${unit}`);
  }
}
