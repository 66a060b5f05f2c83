import { workflowSteps } from '../workflow-history';
import { summariseHistory } from './timeline';

const at = (seconds: number, nanos = 0) => ({ seconds: String(seconds), nanos });

describe('timeline: workflow history summary', () => {
  it('keeps each step with its time and activity or update name, and drops bookkeeping and payloads', () => {
    const summary = summariseHistory([
      {
        eventId: '1',
        eventTime: at(1_796_425_537, 257_024_109),
        eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED',
        // Payloads are in the event; nothing of them may come out.
        ...({
          workflowExecutionStartedEventAttributes: { input: { payloads: [{ data: 'c2VjcmV0' }] } },
        } as object),
      },
      { eventId: '2', eventTime: at(1_796_425_537), eventType: 'EVENT_TYPE_WORKFLOW_TASK_SCHEDULED' },
      {
        eventId: '5',
        eventTime: at(1_796_425_538),
        eventType: 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED',
        activityTaskScheduledEventAttributes: { activityType: { name: 'processMaster' } },
      },
      {
        eventId: '7',
        eventTime: at(1_796_425_539, 500_000_000),
        eventType: 'EVENT_TYPE_ACTIVITY_TASK_COMPLETED',
        activityTaskCompletedEventAttributes: { scheduledEventId: '5' },
      },
      {
        eventId: '12',
        eventTime: at(1_796_425_540),
        eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED',
        workflowExecutionUpdateAcceptedEventAttributes: {
          acceptedRequest: { input: { name: 'decideCase' } },
        },
      },
    ]);
    expect(summary).toEqual([
      { source: 'workflow', at: '2026-12-04T23:05:37.257Z', type: 'WorkflowExecutionStarted' },
      {
        source: 'workflow',
        at: '2026-12-04T23:05:38.000Z',
        type: 'ActivityTaskScheduled',
        activity: 'processMaster',
      },
      {
        source: 'workflow',
        at: '2026-12-04T23:05:39.500Z',
        type: 'ActivityTaskCompleted',
        activity: 'processMaster',
      },
      {
        source: 'workflow',
        at: '2026-12-04T23:05:40.000Z',
        type: 'WorkflowExecutionUpdateAccepted',
        update: 'decideCase',
      },
    ]);
  });
});

describe('workflow steps', () => {
  it("keep an activity's attempt, the last attempt's failure, a failure and a signal's name", () => {
    const steps = workflowSteps([
      {
        eventId: '5',
        eventTime: at(1_796_425_538),
        eventType: 'EVENT_TYPE_ACTIVITY_TASK_SCHEDULED',
        activityTaskScheduledEventAttributes: { activityType: { name: 'processMaster' } },
      },
      {
        eventId: '6',
        eventTime: at(1_796_425_539),
        eventType: 'EVENT_TYPE_ACTIVITY_TASK_STARTED',
        activityTaskStartedEventAttributes: {
          scheduledEventId: '5',
          attempt: 3,
          lastFailure: { message: 'blob store unavailable' },
        },
      },
      {
        eventId: '7',
        eventTime: at(1_796_425_540),
        eventType: 'EVENT_TYPE_ACTIVITY_TASK_FAILED',
        activityTaskFailedEventAttributes: { scheduledEventId: '5', failure: { message: 'x'.repeat(400) } },
      },
      {
        eventId: '8',
        eventTime: at(1_796_425_541),
        eventType: 'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED',
        workflowExecutionSignaledEventAttributes: { signalName: 'upstreamAttemptFailed' },
      },
    ]);
    expect(steps.slice(1)).toEqual([
      {
        at: '2026-12-04T23:05:39.000Z',
        type: 'ActivityTaskStarted',
        activity: 'processMaster',
        attempt: 3,
        failure: 'blob store unavailable',
      },
      {
        at: '2026-12-04T23:05:40.000Z',
        type: 'ActivityTaskFailed',
        activity: 'processMaster',
        failure: 'x'.repeat(300),
      },
      { at: '2026-12-04T23:05:41.000Z', type: 'WorkflowExecutionSignaled', signal: 'upstreamAttemptFailed' },
    ]);
  });
});
