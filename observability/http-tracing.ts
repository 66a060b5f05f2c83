/**
 * A server span per API request, continuing the caller's trace when it sends a W3C `traceparent`. Named by the
 * route template that answered (`POST /api/v1/captures`, `GET /api/v1/cases/:caseId`), known once the answer is
 * done, as the Prometheus labels are (http-metrics.ts): never the URL, whose path holds ids and whose query
 * holds filters. Its attributes are the method, the template and the status, nothing of the request itself.
 */
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Tracer,
} from '@opentelemetry/api';
import type { RequestHandler } from 'express';
import { unroutedLabel } from './http-metrics';

export function httpTracing(tracer: Tracer): RequestHandler {
  return (req, res, next) => {
    const caller = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = tracer.startSpan(
      req.method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method } },
      caller,
    );
    // 'close' comes after 'finish', and also when the caller went away before the answer was done.
    res.once('close', () => {
      const route = (res.locals.routeTemplate as string | undefined) ?? unroutedLabel;
      span.updateName(`${req.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': res.statusCode });
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    const active = trace.setSpan(caller, span);
    // Body parsers go on from the request stream's events: bound, their listeners run in the span's context too.
    context.bind(active, req);
    context.bind(active, res);
    context.with(active, next);
  };
}
