/** The Express application: middleware, routes and the one error handler that writes problem+json. */
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import helmet from 'helmet';
import pg from 'pg';
import type { Tracer } from '@opentelemetry/api';
import multer from 'multer';
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import swaggerUi from 'swagger-ui-express';
import { BlobNotFoundError, BlobUnreadableError, type BlobStore } from '../db/blob-store';
import {
  ImagingError,
  type ImagingErrorCode,
  type PhotoPipeline,
  type ProfileSet,
  type UploadLimits,
} from '../imaging';
import { authenticate } from './auth/middleware';
import type { TokenVerifier } from './auth/token';
import { historyRoutes } from './audit/history-routes';
import { auditRoutes } from './audit/routes';
import { dashboardRoutes } from './dashboard/routes';
import type { DashboardSettings } from '../db/dashboard/scope';
import { captureRoutes } from './captures/routes';
import { printSheetRoutes } from './cases/print-sheet';
import { revocationRoutes } from './cases/revocation';
import { caseRoutes } from './cases/routes';
import { timelineRoutes } from './cases/timeline';
import { mountRoutes, type Mount, type Route } from './contract';
import { openApiDocument } from './openapi';
import { faceGuideRoutes } from './face-guide/routes';
import { meRoute, publicRoutes, type ClientConfig } from './public-routes';
import type { ProcessingRetry } from '../domain/processing';
import { HttpProblem, problemBody } from './problems';
import { operationsRoutes } from './operations-routes';
import { registerBacklogMetrics } from '../observability/backlog-metrics';
import { registerExchangeMetrics } from '../observability/exchange-metrics';
import { httpMetrics, unroutedLabel } from '../observability/http-metrics';
import { httpTracing } from '../observability/http-tracing';
import { loggableError } from '../observability/loggable-error';
import { createMetricsRegistry } from '../observability/metrics';
import { stationRoutes } from './stations/routes';
import { retakeRoutes } from './captures/retake';
import { selfCaptureRoutes } from './self-capture/routes';
import { certificationRoutes, publicCertificationRoutes } from './certification/routes';
import { upstreamAdminRoutes } from './upstream/admin-routes';
import { upstreamRoutes } from './upstream/routes';
import { reviewRoutes } from './review/routes';
import { reuseRoutes } from './reuse/routes';
import { myPhotoRoutes } from './grants/my-photos';
import { grantRoutes } from './grants/routes';
import { thirdPartyClientRoutes } from './grants/third-party-clients';
import type { SecretSealer } from '../db/secret-seal';
import { redeemRoutes } from './grants/redeem';
import type { GrantSettings } from './grants/settings';
import type { RuleBook } from '../domain/rules';
import type { KeyRing } from '../signing/keys';
import type { PersonCipher } from '../db/person-cipher';
import type { ApplicationTimers, LifecycleTimers } from '../workflows/contracts';
import { sharingRoutes } from './sharing';
import type { NetworkRole } from '../domain/network';
import { exchangeRouter, type ReceiverDeps } from '../exchange/receiving';

export interface AppDeps {
  db: Knex;
  blobs: BlobStore;
  temporal: Client;
  taskQueue: string;
  processing: ProcessingRetry;
  timers: LifecycleTimers;
  rules: RuleBook;
  claimLeaseSeconds: number;
  /** The dashboard's windows and thresholds (STATION_ONLINE_MINUTES, DASHBOARD_*). */
  dashboard: DashboardSettings;
  /** Public keys verify certificates here; the worker signs with the same ring. */
  keys: KeyRing;
  /**
   * ID numbers sealed at rest and their keyed hash, the one under which every lookup by ID number goes (cases,
   * grants, the audit search, institutional lookups): db/person-cipher.ts.
   */
  personCipher: PersonCipher;
  verifyToken: TokenVerifier;
  limits: UploadLimits;
  /** Photo profiles and print-sheet layouts (the same data the worker renders with). */
  profiles: ProfileSet;
  clientConfig: ClientConfig;
  /** The ONNX weights (the console's face guide model is served from here). */
  modelsDir: string;
  /** Sharing: the codes' key, the purposes and limits of grants, redeem rates. */
  grants: GrantSettings;
  /** Seals the webhook secrets under the photo files' master key (db/secret-seal.ts). */
  secrets: SecretSealer;
  webOrigin: string;
  /** Handed to each application's workflow (the expiry reminder's lead time). */
  applicationTimers: ApplicationTimers;
  /** The API's own photo pipeline for /tools, created on first use (api/sharing/tools-routes.ts). */
  toolsPipeline: () => Promise<PhotoPipeline>;
  log: Logger;
  /**
   * Check every answer against its declared schema (api/contract.ts), answering 500
   * response_contract_violation instead of anything undeclared. On in tests and, being cheap (one JSON
   * parse and a zod check of a body of at most a page of cases), in production too: an answer outside the
   * contract is a bug, and for personal data failing closed beats sending a field nobody declared.
   */
  checkResponses: boolean;
  /** Bearer token /metrics requires; empty: loopback callers only. */
  metricsToken: string;
  /** Strict-Transport-Security max-age where TLS terminates in front of the API; 0: none (plain HTTP). */
  hstsMaxAgeSeconds: number;
  /** A server span per request (observability/tracing.ts); absent when tracing is off. */
  tracer?: Tracer;
  /**
   * The network this API serves (TONGPAI_NETWORK, docs/networks.md): `single` (the default) everything; `police`
   * all but sharing with citizens and third parties; `government` only that, on the shared data it receives.
   */
  network?: NetworkRole;
  /** The other network's signed messages are taken at POST /exchange/messages (police and government). */
  exchange?: Pick<ReceiverDeps, 'peerKeys' | 'maxBytes'>;
}

/** The routes each network serves. */
function v1Routes(deps: AppDeps): Route[] {
  const citizenSharing = [
    ...myPhotoRoutes(deps),
    ...grantRoutes(deps),
    ...thirdPartyClientRoutes(deps),
    ...redeemRoutes(deps),
  ];
  if (deps.network === 'government') return [meRoute, ...citizenSharing];
  return [
    meRoute,
    ...captureRoutes(deps),
    ...caseRoutes(deps),
    ...timelineRoutes(deps),
    ...printSheetRoutes(deps),
    ...stationRoutes(deps),
    ...reviewRoutes(deps),
    ...retakeRoutes(deps),
    ...selfCaptureRoutes(deps),
    ...certificationRoutes(deps),
    ...reuseRoutes(deps),
    ...upstreamRoutes(deps),
    ...revocationRoutes(deps),
    ...upstreamAdminRoutes(deps),
    ...auditRoutes(deps),
    ...faceGuideRoutes(deps),
    ...dashboardRoutes(deps),
    ...(deps.network === 'police' ? [] : citizenSharing),
    ...historyRoutes(deps),
    ...sharingRoutes(deps),
  ];
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  if (deps.tracer) app.use(httpTracing(deps.tracer));
  app.use(securityHeaders(deps.hstsMaxAgeSeconds));
  const metrics = createMetricsRegistry('api');
  // The backlog is the police side's work (cases); the government side has none.
  if (deps.network !== 'government') registerBacklogMetrics(metrics, deps.db, deps.log);
  if (deps.network === 'police' || deps.network === 'government')
    registerExchangeMetrics(metrics, deps.db, deps.log);
  app.use(httpMetrics(metrics));
  app.use(requestLog(deps.log));
  app.use(cors(deps.webOrigin));

  const v1Api: Mount = {
    prefix: '/api/v1',
    secured: true,
    routes: v1Routes(deps),
  };
  const publicApi: Mount = {
    prefix: '',
    secured: false,
    routes: [
      ...operationsRoutes({ ...deps, metrics }),
      ...publicRoutes(deps, () => document),
      ...(deps.network === 'government' ? [] : publicCertificationRoutes(deps)),
    ],
  };
  const document = openApiDocument([publicApi, v1Api]);
  const contract = { checkResponses: deps.checkResponses, log: deps.log };

  mountRoutes(app, publicApi, contract);
  if (deps.exchange && deps.network && deps.network !== 'single')
    app.use(exchangeRouter({ ...deps, ...deps.exchange, network: deps.network }));
  app.use('/api/docs', swaggerUi.serve, swaggerUi.setup(document, { customSiteTitle: 'Tongpai API' }));
  const v1 = express.Router();
  // Everything under /api/v1 is personal data or derived from it: never kept by a browser or a proxy.
  v1.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'private, no-store');
    next();
  });
  v1.use(authenticate(deps.verifyToken, deps.personCipher.hash));
  mountRoutes(v1, v1Api, contract);
  app.use(v1Api.prefix, v1);

  app.use((_req, _res, next) =>
    next(new HttpProblem(404, 'no_such_route', { zh: '没有这个接口', en: 'No such endpoint' })),
  );
  app.use(problemHandler(deps.log));
  return app;
}

/**
 * On every answer, errors included: no MIME sniffing, never framed, a strict CSP (JSON needs none of it; the
 * API docs page loads its own scripts and inline styles), HSTS only where TLS terminates in front of the API.
 */
function securityHeaders(hstsMaxAgeSeconds: number): RequestHandler {
  const tls = hstsMaxAgeSeconds > 0;
  return helmet({
    contentSecurityPolicy: {
      directives: {
        'frame-ancestors': ["'none'"],
        'upgrade-insecure-requests': tls ? [] : null,
      },
    },
    frameguard: { action: 'deny' },
    strictTransportSecurity: tls ? { maxAge: hstsMaxAgeSeconds, includeSubDomains: true } : false,
  });
}

/**
 * One line per answer. The query string (filters, ID numbers of reuse offers) is never logged, nor the path of a
 * request no route took (it is whatever the caller typed); a routed path holds only ids.
 */
function requestLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const route = res.locals.routeTemplate as string | undefined;
      log.info(
        {
          method: req.method,
          route: route ?? unroutedLabel,
          ...(route ? { path: req.originalUrl.split('?')[0] } : {}),
          status: res.statusCode,
          ms: Math.round(ms),
        },
        'request',
      );
    });
    next();
  };
}

/** The console is normally served through the same origin (Vite proxy); this covers a separately hosted one. */
function cors(origin: string): RequestHandler {
  return (req, res, next) => {
    if (req.headers.origin !== origin) return next();
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Expose-Headers', 'Content-Range, Location');
    if (req.method !== 'OPTIONS') return next();
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
    res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
    res.status(204).end();
  };
}

const imagingStatus: Partial<Record<ImagingErrorCode, number>> = {
  file_too_large: 413,
  image_too_large: 413,
  not_an_image: 415,
  unsupported_format: 415,
};

/**
 * PostgreSQL's refusals of a value the caller sent that the schemas let through: a NUL character in a text
 * (22021; 22P05 inside JSON), a date-time outside its range such as year 0 (22008).
 */
const valueRefusedByDatabase = new Set(['22021', '22P05', '22008']);

function toProblem(err: unknown): HttpProblem | undefined {
  if (err instanceof HttpProblem) return err;
  if (err instanceof ImagingError) {
    return new HttpProblem(imagingStatus[err.code] ?? 400, err.code, err.messages);
  }
  if (err instanceof BlobNotFoundError) {
    // A row names a file the store no longer holds: a fault to investigate (logged), not the caller's doing.
    return new HttpProblem(500, 'stored_file_missing', {
      zh: '存储中缺少该照片文件，已记录；请联系管理员',
      en: 'The stored photo file is missing; this has been logged: contact an administrator',
    });
  }
  if (err instanceof BlobUnreadableError) {
    // The file is there but fails its integrity check or names a master key this process lacks: logged, like a loss.
    return new HttpProblem(500, 'stored_file_unreadable', {
      zh: '存储的照片文件无法解密或已被篡改，已记录；请联系管理员',
      en: 'The stored photo file cannot be decrypted or was altered; this has been logged: contact an administrator',
    });
  }
  if (err instanceof multer.MulterError) {
    if (err.code === 'LIMIT_FILE_SIZE') {
      return new HttpProblem(413, 'file_too_large', {
        zh: '照片文件过大，请上传较小的照片',
        en: 'The photo file is too large: upload a smaller photo',
      });
    }
    return new HttpProblem(400, 'invalid_upload', {
      zh: `上传内容有误：${err.code}`,
      en: `Invalid upload: ${err.message}`,
    });
  }
  if (err && typeof err === 'object' && 'type' in err && err.type === 'entity.too.large') {
    return new HttpProblem(413, 'body_too_large', {
      zh: '请求体过大',
      en: 'The request body is too large',
    });
  }
  if (err && typeof err === 'object' && 'type' in err && err.type === 'entity.parse.failed') {
    return new HttpProblem(400, 'invalid_json', {
      zh: '请求体不是有效的 JSON',
      en: 'The request body is not valid JSON',
    });
  }
  if (err instanceof pg.DatabaseError && err.code && valueRefusedByDatabase.has(err.code))
    return new HttpProblem(400, 'invalid_request', {
      zh: '请求中有无法保存的值（如含空字符 NUL，或日期超出范围）',
      en: 'The request holds a value that cannot be stored (a NUL character, or a date out of range)',
    });
  // The JSON body parser's other refusals (unsupported charset or encoding, aborted upload) are the caller's.
  if (err && typeof err === 'object' && 'expose' in err && err.expose && 'status' in err) {
    const status = Number(err.status);
    if (status >= 400 && status < 500)
      return new HttpProblem(status, 'invalid_body', {
        zh: '请求体无法读取（编码或字符集不受支持）',
        en: `The request body cannot be read: ${String((err as { message?: unknown }).message)}`,
      });
  }
  return undefined;
}

function problemHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const problem =
      toProblem(err) ??
      new HttpProblem(500, 'internal_error', {
        zh: '服务器内部错误，已记录；请稍后重试',
        en: 'Internal error; it has been logged, please retry later',
      });
    if (problem.status >= 500)
      log.error(
        { err: loggableError(err), route: (res.locals.routeTemplate as string | undefined) ?? unroutedLabel },
        'request failed',
      );
    // Metered routes count the call by its result (api/sharing/metering.ts).
    res.locals.problemCode = problem.code;
    for (const [name, value] of Object.entries(problem.headers ?? {})) res.setHeader(name, value);
    res.status(problem.status).type('application/problem+json').json(problemBody(problem, req));
  };
}
