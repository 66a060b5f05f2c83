/**
 * A workflow's history as steps a person can read (type, time, activity, update or signal name, the attempt
 * an activity ran at and why an attempt failed), for a case's timeline and a photo's history. Payloads carry
 * personal data and stay out.
 */
import { isGrpcServiceError, type Client } from '@temporalio/client';
import { serviceUnavailable } from './problems';

/** gRPC's NOT_FOUND: Temporal keeps no history of this workflow (never started, or removed by retention). */
const grpcNotFound = 5;

/** The parts of a history event, as protobufjs writes it as JSON (enums by name, 64-bit numbers as strings). */
export interface HistoryEventJson {
  eventId: string;
  eventTime: { seconds: string; nanos?: number };
  eventType: string;
  activityTaskScheduledEventAttributes?: { activityType?: { name?: string } };
  activityTaskStartedEventAttributes?: {
    scheduledEventId?: string;
    attempt?: number;
    lastFailure?: { message?: string };
  };
  activityTaskCompletedEventAttributes?: { scheduledEventId?: string };
  activityTaskFailedEventAttributes?: { scheduledEventId?: string; failure?: { message?: string } };
  activityTaskTimedOutEventAttributes?: { scheduledEventId?: string };
  workflowExecutionUpdateAcceptedEventAttributes?: { acceptedRequest?: { input?: { name?: string } } };
  workflowExecutionSignaledEventAttributes?: { signalName?: string };
}

export interface WorkflowStep {
  at: string;
  type: string;
  activity?: string;
  update?: string;
  signal?: string;
  /** The attempt an activity started at (1 unless earlier attempts failed). */
  attempt?: number;
  /** Why the activity (or, on a later attempt's start, its previous attempt) failed: our own error text. */
  failure?: string;
}

/** Workflow tasks are the engine's own bookkeeping, not steps of the case. */
const isBookkeeping = (type: string) => type.startsWith('WorkflowTask');

const typeName = (eventType: string) =>
  eventType
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/(^|_)([a-z])/g, (_m, _sep: string, c: string) => c.toUpperCase());

const failureText = (message: string | undefined) => (message ? message.slice(0, 300) : undefined);

export function workflowSteps(events: HistoryEventJson[]): WorkflowStep[] {
  const activityOf = new Map<string, string>();
  const steps: WorkflowStep[] = [];
  for (const event of events) {
    const type = typeName(event.eventType);
    if (isBookkeeping(type)) continue;
    const scheduled = event.activityTaskScheduledEventAttributes?.activityType?.name;
    if (scheduled) activityOf.set(event.eventId, scheduled);
    const started = event.activityTaskStartedEventAttributes;
    const failed = event.activityTaskFailedEventAttributes;
    const scheduledId =
      started?.scheduledEventId ??
      event.activityTaskCompletedEventAttributes?.scheduledEventId ??
      failed?.scheduledEventId ??
      event.activityTaskTimedOutEventAttributes?.scheduledEventId;
    const activity = scheduled ?? (scheduledId ? activityOf.get(scheduledId) : undefined);
    const update = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name;
    const signal = event.workflowExecutionSignaledEventAttributes?.signalName;
    const failure = failureText(failed?.failure?.message ?? started?.lastFailure?.message);
    steps.push({
      at: new Date(
        Number(event.eventTime.seconds) * 1000 + Math.floor((event.eventTime.nanos ?? 0) / 1e6),
      ).toISOString(),
      type,
      ...(activity ? { activity } : {}),
      ...(update ? { update } : {}),
      ...(signal ? { signal } : {}),
      ...(started?.attempt ? { attempt: started.attempt } : {}),
      ...(failure ? { failure } : {}),
    });
  }
  return steps;
}

/** The steps of workflow `workflowId`'s latest run; none when Temporal keeps no history of it. */
export async function fetchWorkflowSteps(temporal: Client, workflowId: string): Promise<WorkflowStep[]> {
  try {
    const history = await temporal.workflow.getHandle(workflowId).fetchHistory();
    // A protobufjs message: JSON.stringify uses its toJSON (enums by name).
    return workflowSteps(
      (JSON.parse(JSON.stringify(history)) as { events?: HistoryEventJson[] }).events ?? [],
    );
  } catch (err) {
    if (isGrpcServiceError(err) && err.code === grpcNotFound) return [];
    throw Object.assign(serviceUnavailable({ zh: '流程引擎', en: 'The workflow engine' }), { cause: err });
  }
}
