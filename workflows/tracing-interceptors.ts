/**
 * The Temporal OpenTelemetry workflow interceptors, bundled into every worker's workflow code whether tracing is
 * on or off (activities/worker.ts workflowCode): the code that replays a history is then the same whatever a
 * worker's configuration, and the interceptors add no command (workflows/replay.test.ts replays the committed
 * histories through them). Their spans leave the sandbox through the `exporter` sink (observability/tracing.ts).
 */
import type { WorkflowInterceptors } from '@temporalio/workflow';
import {
  OpenTelemetryInboundInterceptor,
  OpenTelemetryInternalsInterceptor,
  OpenTelemetryOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry/lib/workflow';

export const interceptors = (): WorkflowInterceptors => ({
  inbound: [new OpenTelemetryInboundInterceptor()],
  outbound: [new OpenTelemetryOutboundInterceptor()],
  internals: [new OpenTelemetryInternalsInterceptor()],
});
