/**
 * Request counts and latencies per route template. A route declares its template (res.locals.route, set by
 * api/contract.ts when it matches); a request answered before any route matched (unknown path, missing token)
 * counts under "(unrouted)". The raw URL, with its ids and query, is never a label.
 */
import type { RequestHandler, Response } from 'express';
import { Counter, Histogram, type Registry } from 'prom-client';

export const unroutedLabel = '(unrouted)';

/** Records the template of the route that answers this request (read when the answer is finished). */
export function setRouteTemplate(res: Response, template: string): void {
  res.locals.routeTemplate = template;
}

export function httpMetrics(registry: Registry): RequestHandler {
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'tongpai_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'tongpai_http_request_duration_seconds',
    help: 'Time from request to the end of the answer, by method, route template and status',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  return (req, res, next) => {
    const stop = duration.startTimer();
    res.on('finish', () => {
      const labels = {
        method: req.method,
        route: (res.locals.routeTemplate as string | undefined) ?? unroutedLabel,
        status: String(res.statusCode),
      };
      requests.inc(labels);
      stop(labels);
    });
    next();
  };
}
