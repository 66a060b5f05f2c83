/**
 * What leaves the process in a span: only the allowlisted attributes, an exception's class without its
 * message, a status code without its message. And tracing without an endpoint is off, with nothing in place.
 */
import { SpanStatusCode } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import pino from 'pino';
import { allowlistedExporter } from './span-allowlist';
import { startTracing, tracingOff } from './tracing';

test('a span leaves with its allowlisted attributes only, an exception by its class, a status by its code', () => {
  const exported = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(allowlistedExporter(exported))],
  });
  const span = provider.getTracer('test').startSpan('RunActivity:processMaster');
  // As the Temporal workflow exporter copies a WorkflowInfo onto a workflow span.
  span.setAttributes({
    temporalWorkflowId: 'photo-6f1c',
    workflowType: 'photoCase',
    personName: '周杰',
    'url.query': 'idNumber=310115200012311236',
  });
  span.recordException(new Error('duplicate key: (id_number)=(310115200012311236)'));
  span.setStatus({ code: SpanStatusCode.ERROR, message: '周杰 refused' });
  span.end();

  const [sent] = exported.getFinishedSpans();
  expect(sent!.attributes).toEqual({ temporalWorkflowId: 'photo-6f1c', workflowType: 'photoCase' });
  expect(sent!.events.map((e) => e.attributes)).toEqual([{ 'exception.type': 'Error' }]);
  expect(sent!.status).toEqual({ code: SpanStatusCode.ERROR });
  expect(sent!.spanContext()).toEqual(span.spanContext());
  expect(JSON.stringify(sent)).not.toMatch(/310115200012311236|周杰/);
});

test('without an endpoint, tracing is off: no tracer (no server spans), no interceptors, no workflow sink', () => {
  const off = startTracing('tongpai-api', undefined, pino({ level: 'silent' }));
  expect(off).toBe(tracingOff);
  expect(off.enabled).toBe(false);
  expect(off.tracer).toBeUndefined();
  expect(off.workflowSinks).toBeUndefined();
  expect(off.clientInterceptors).toEqual({});
  expect(off.activityInterceptors).toEqual([]);
});
