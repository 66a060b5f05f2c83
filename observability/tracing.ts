/**
 * OpenTelemetry traces of the API and the worker, one trace from the HTTP request through the workflow it starts
 * to that workflow's activities: a server span per request (http-tracing.ts), the Temporal SDK's interceptors on
 * the API's client, on the worker's activities and, inside the workflow sandbox, on the workflows themselves
 * (workflows/tracing-interceptors.ts, whose spans leave the sandbox through the `exporter` sink). Exported over
 * OTLP/HTTP to OTEL_EXPORTER_OTLP_(TRACES_)ENDPOINT; without one, tracing is off and nothing of it is in place:
 * no provider, no middleware, no interceptors, the workflow code bundled without them. Only the allowlisted
 * attributes leave the process (span-allowlist.ts).
 */
import { diag, DiagLogLevel, type DiagLogFunction, type DiagLogger, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  type OpenTelemetrySinks,
} from '@temporalio/interceptors-opentelemetry';
import type { ClientInterceptors } from '@temporalio/client';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import type { Logger } from 'pino';
import { allowlistedExporter } from './span-allowlist';

export type ServiceName = 'tongpai-api' | 'tongpai-worker';

export interface Tracing {
  /** On: the worker runs the workflow code with the tracing interceptors (activities/worker.ts workflowCode). */
  enabled: boolean;
  /** The tracer of the API's server spans; absent when tracing is off (then no middleware is mounted). */
  tracer?: Tracer;
  /** For the Temporal client that starts workflows and sends updates and signals. */
  clientInterceptors: ClientInterceptors;
  /** For the worker: the activity spans (none when off). */
  activityInterceptors: ActivityInterceptorsFactory[];
  /** For the worker: where the workflow sandbox's spans go (none when off: no interceptor makes any). */
  workflowSinks: InjectedSinks<OpenTelemetrySinks> | undefined;
  /** Sends the spans still buffered (tests; shutdown does it too). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

export const tracingOff: Tracing = {
  enabled: false,
  clientInterceptors: {},
  activityInterceptors: [],
  workflowSinks: undefined,
  flush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

/**
 * The process's context manager, propagator and diagnostic logger are global and set once: in the tests the API
 * and a worker share a process, each with its own provider and tracers (passed explicitly, never the global one).
 */
let globalsSet = false;

/**
 * Tracing of one service to `url` (otlpTracesUrl of the configuration), or off without one. Headers, timeout,
 * compression, sampler and batching come from the other standard variables, read by the SDK itself
 * (OTEL_EXPORTER_OTLP_HEADERS, OTEL_TRACES_SAMPLER, OTEL_BSP_*...).
 */
export function startTracing(service: ServiceName, url: string | undefined, log: Logger): Tracing {
  if (!url) return tracingOff;
  const resource = Resource.default().merge(new Resource({ 'service.name': service }));
  const processor = new BatchSpanProcessor(allowlistedExporter(new OTLPTraceExporter({ url })));
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  if (!globalsSet) {
    // W3C trace context only: incoming baggage would otherwise travel on into workflow headers and histories.
    provider.register({ propagator: new W3CTraceContextPropagator() });
    diag.setLogger(diagTo(log), DiagLogLevel.WARN);
    globalsSet = true;
  }
  const tracer = provider.getTracer(service);
  log.info({ url, service }, 'tracing: spans exported over OTLP/HTTP');
  return {
    enabled: true,
    tracer,
    clientInterceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor({ tracer })] },
    activityInterceptors: [
      (ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx, { tracer }) }),
    ],
    workflowSinks: { exporter: makeWorkflowExporter(processor, resource) },
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}

/** The SDK's own warnings (a collector that cannot be reached, a refused export) in the process's log. */
function diagTo(log: Logger): DiagLogger {
  const to =
    (level: 'error' | 'warn' | 'info' | 'debug' | 'trace'): DiagLogFunction =>
    (message, ...args) =>
      log[level]({ args: args.map(String) }, `opentelemetry: ${message}`);
  return { error: to('error'), warn: to('warn'), info: to('info'), debug: to('debug'), verbose: to('trace') };
}
