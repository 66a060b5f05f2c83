/**
 * What a span may carry out of the process: its name, timing, parentage, status code and the attributes named
 * here (route templates, HTTP method and status, ids of workflows, runs and activities, whose ids are case,
 * grant or application ids). Everything else is dropped before export: the Temporal workflow exporter copies the
 * whole WorkflowInfo onto each workflow span (search attributes with the station and region, the memo, the last
 * failure), and a recorded exception's message or stack may quote a value. An allowlist, so that an attribute
 * some library adds tomorrow stays in the process until someone decides it may leave.
 */
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import type { Attributes } from '@opentelemetry/api';

export const exportedAttributes = new Set([
  // The API's server spans (observability/http-tracing.ts).
  'http.request.method',
  'http.route',
  'http.response.status_code',
  // The Temporal interceptors' own attributes.
  'temporalWorkflowId',
  'run_id',
  'temporalActivityId',
  'temporalUpdateId',
  // Of the WorkflowInfo the workflow exporter copies onto workflow spans.
  'workflowId',
  'runId',
  'workflowType',
  'taskQueue',
  // A recorded exception's class (its message and stack stay in the logs, which are scanned for personal data).
  'exception.type',
]);

const allowed = (attributes: Attributes): Attributes =>
  Object.fromEntries(Object.entries(attributes).filter(([key]) => exportedAttributes.has(key)));

/** The span as it may leave the process. */
export function withoutUnlistedData(span: ReadableSpan): ReadableSpan {
  return {
    name: span.name,
    kind: span.kind,
    spanContext: () => span.spanContext(),
    ...(span.parentSpanId ? { parentSpanId: span.parentSpanId } : {}),
    startTime: span.startTime,
    endTime: span.endTime,
    // A status message is an error's message: the code only.
    status: { code: span.status.code },
    attributes: allowed(span.attributes),
    links: span.links.map((link) => ({ context: link.context })),
    events: span.events.map((event) => ({
      name: event.name,
      time: event.time,
      ...(event.attributes ? { attributes: allowed(event.attributes) } : {}),
    })),
    duration: span.duration,
    ended: span.ended,
    resource: span.resource,
    instrumentationLibrary: span.instrumentationLibrary,
    droppedAttributesCount: span.droppedAttributesCount,
    droppedEventsCount: span.droppedEventsCount,
    droppedLinksCount: span.droppedLinksCount,
  };
}

/** An exporter that sends only what withoutUnlistedData keeps. */
export function allowlistedExporter(inner: SpanExporter): SpanExporter {
  return {
    export: (spans: ReadableSpan[], done: (result: ExportResult) => void) =>
      inner.export(spans.map(withoutUnlistedData), done),
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
}
