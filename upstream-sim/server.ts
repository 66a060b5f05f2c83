/**
 * The upstream simulator: one HTTP server implementing the upstream contract (docs/upstream.md) for all four
 * targets under /targets/<target>, the only stand-in Tongpai has for the real libraries. It checks each
 * target's bearer token, validates payloads as a library would, keeps what it accepts on disk (a restart
 * keeps every receipt), answers a repeated idempotency key with the original receipt, and takes fault
 * injection on /admin/faults. Every answer says it comes from a simulator.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import pino, { type Logger } from 'pino';
import {
  idempotencyKeyHeader,
  recallRequestSchema,
  replayedHeader,
  type PayloadProblem,
  type RecallReceipt,
  type Receipt,
} from '../activities/upstream/contract';
import { canonical } from '../domain/canonical';
import { upstreamIdempotencyKey, upstreamTargets, type UpstreamTarget } from '../domain/upstream';
import { loadProfiles, type ProfileSet } from '../imaging/profiles/load';
import { createFaultState, faultsSchema, type FaultState } from './faults';
import { createSubmissionStore, receiptIdOf, type StoredSubmission } from './store';
import { validateSubmission } from './validate';

export const simulatorName = 'Tongpai upstream simulator (not a real library)';

export interface SimulatorOptions {
  dataDir: string;
  /** The bearer token each target accepts. */
  tokens: Record<UpstreamTarget, string>;
  profiles?: ProfileSet;
  log?: Logger;
  /** Draws for errorRate and timeoutRate. */
  random?: () => number;
}

export interface RunningSimulator {
  /** http://host:port, without a trailing slash. */
  url: string;
  /** The base URL a target's adapter is configured with. */
  targetUrl(target: UpstreamTarget): string;
  close(): Promise<void>;
}

/** Large enough for a master and four standard photos in base64. */
const maxBodyBytes = 64 * 1024 * 1024;

class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly errors: PayloadProblem[] = [],
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
  }
}

function sendProblem(res: Response, problem: Problem) {
  res
    .status(problem.status)
    .set(problem.headers)
    .type('application/problem+json')
    .json({
      type: 'about:blank',
      title: problem.code.replace(/_/g, ' '),
      status: problem.status,
      code: problem.code,
      detail: problem.detail,
      ...(problem.errors.length ? { errors: problem.errors } : {}),
    });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function createSimulatorApp(options: SimulatorOptions & { faults: FaultState }) {
  const { faults, tokens } = options;
  const log = options.log ?? pino({ level: 'silent' });
  const profiles = options.profiles ?? loadProfiles();
  const store = createSubmissionStore(options.dataDir);
  const locks = new Map<string, Promise<unknown>>();

  /** One call per key at a time: two concurrent repeats get one receipt, not two. */
  async function serialised<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const run = (locks.get(key) ?? Promise.resolve()).catch(() => undefined).then(fn);
    locks.set(key, run);
    try {
      return await run;
    } finally {
      if (locks.get(key) === run) locks.delete(key);
    }
  }

  const targetOf = (req: Request): UpstreamTarget => {
    const target = req.params.target as UpstreamTarget;
    if (!upstreamTargets.includes(target))
      throw new Problem(
        404,
        'unknown_target',
        `no library "${String(target)}"; known: ${upstreamTargets.join(', ')}`,
      );
    return target;
  };

  /** Faults first (a library that is down answers nothing, not even a 401), then the bearer token. */
  async function gate(req: Request, res: Response, next: NextFunction) {
    const target = targetOf(req);
    const latencyMs = faults.latencyMs(target);
    if (latencyMs > 0) await sleep(latencyMs);
    const outcome = faults.outcome(target);
    if (outcome !== 'proceed') log.warn({ target, path: req.path, fault: outcome }, 'fault injected');
    if (outcome === 'drop') return void req.socket.destroy();
    if (outcome === 'hang') return void (await new Promise((r) => res.once('close', r)));
    if (outcome === 'error')
      throw new Problem(503, 'unavailable', 'simulated outage (fault injection: errorRate)', [], {
        'retry-after': '1',
      });
    const presented = Buffer.from(req.get('authorization') ?? '');
    const expected = Buffer.from(`Bearer ${tokens[target]}`);
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected))
      throw new Problem(401, 'unauthenticated', `a valid bearer token for ${target} is required`, [], {
        'www-authenticate': 'Bearer',
      });
    next();
  }

  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.set('x-upstream-simulator', simulatorName);
    next();
  });
  const json = express.json({ limit: maxBodyBytes });

  app.get('/healthz', (_req, res) => {
    res.json({ simulator: simulatorName, targets: upstreamTargets });
  });

  app.post('/targets/:target/submissions', gate, json, async (req, res) => {
    const target = targetOf(req);
    const key = req.get(idempotencyKeyHeader);
    const checked = validateSubmission(target, key, req.body, profiles);
    if (!checked.ok) {
      log.info({ target, key, code: checked.code, errors: checked.errors }, 'submission refused');
      throw new Problem(checked.status, checked.code, checked.detail, checked.errors);
    }
    const { request, photoBytes } = checked;
    const idempotencyKey = upstreamIdempotencyKey(request.case.id, target, request.photoVersion);
    const photos = request.photos.map(({ data: _data, contentType: _type, ...rest }) => rest);
    const requestDigest = sha256(canonical({ ...request, photos }));
    const answer = await serialised(idempotencyKey, async () => {
      const earlier = await store.find(target, idempotencyKey);
      if (earlier) {
        if (earlier.requestDigest !== requestDigest)
          throw new Problem(
            409,
            'idempotency_conflict',
            `${idempotencyKey} was accepted earlier (${earlier.receipt.receiptId}) with other content`,
          );
        return { status: 200, receipt: earlier.receipt };
      }
      if (faults.takeRejection(target))
        throw new Problem(
          422,
          'rejected_by_library',
          `simulated rejection (fault injection: ${faults.get().rejectNext} more to reject)`,
        );
      const receipt: Receipt = {
        receiptId: receiptIdOf(target, idempotencyKey),
        target,
        idempotencyKey,
        caseId: request.case.id,
        photoVersion: request.photoVersion,
        acceptedAt: new Date().toISOString(),
        photos: request.photos.map((p) => ({ kind: p.kind, sha256: p.sha256 })),
      };
      const stored: StoredSubmission = {
        receipt,
        requestDigest,
        case: request.case,
        person: request.person,
        photos,
      };
      await store.save(stored, photoBytes);
      return { status: 201, receipt };
    });
    log.info(
      { target, key, receiptId: answer.receipt.receiptId, replayed: answer.status === 200 },
      'submission accepted',
    );
    await sleep(faults.answerDelayMs(target));
    if (answer.status === 200) res.set(replayedHeader, 'true');
    res.status(answer.status).json(answer.receipt);
  });

  app.post('/targets/:target/recalls', gate, json, async (req, res) => {
    const target = targetOf(req);
    const parsed = recallRequestSchema.safeParse(req.body);
    if (!parsed.success)
      throw new Problem(
        400,
        'malformed_request',
        'the request does not follow the contract',
        parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', reason: i.message })),
      );
    const { receiptId, reason } = parsed.data;
    const answer = await serialised(receiptId, async () => {
      const stored = await store.findByReceipt(target, receiptId);
      if (!stored) throw new Problem(404, 'unknown_receipt', `${target} holds no receipt ${receiptId}`);
      if (stored.recall) {
        const { reason: _reason, ...recall } = stored.recall;
        return { status: 200, recall };
      }
      const recall: RecallReceipt = {
        recallId: `${receiptId}-RECALL`,
        receiptId,
        target,
        recalledAt: new Date().toISOString(),
      };
      await store.update({ ...stored, recall: { ...recall, reason } });
      return { status: 201, recall };
    });
    log.info({ target, receiptId, reason, replayed: answer.status === 200 }, 'recall accepted');
    await sleep(faults.answerDelayMs(target));
    if (answer.status === 200) res.set(replayedHeader, 'true');
    res.status(answer.status).json(answer.recall);
  });

  app.get('/admin/faults', (_req, res) => {
    res.json(faults.get());
  });
  app.put('/admin/faults', express.json(), (req, res) => {
    const parsed = faultsSchema.partial().safeParse(req.body);
    if (!parsed.success)
      throw new Problem(
        400,
        'malformed_request',
        `faults: ${Object.keys(faultsSchema.shape).join(', ')}`,
        parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', reason: i.message })),
      );
    const now = faults.set(parsed.data);
    log.warn({ faults: now }, 'faults set');
    res.json(now);
  });
  app.delete('/admin/faults', (_req, res) => {
    log.warn('faults cleared');
    res.json(faults.reset());
  });
  app.get('/admin/submissions', async (_req, res) => {
    res.json(await store.list());
  });

  app.use((_req: Request, _res: Response, next: NextFunction) =>
    next(new Problem(404, 'not_found', 'no such endpoint')),
  );
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    if (err instanceof Problem) return sendProblem(res, err);
    const bodyError = err as { type?: string; status?: number };
    if (bodyError.type === 'entity.parse.failed')
      return sendProblem(res, new Problem(400, 'malformed_json', 'the body is not JSON'));
    if (bodyError.type === 'entity.too.large')
      return sendProblem(res, new Problem(413, 'too_large', `the body exceeds ${maxBodyBytes} bytes`));
    log.error({ err }, 'simulator failed');
    sendProblem(res, new Problem(500, 'internal', 'the simulator failed (see its log)'));
  });
  return app;
}

export async function startSimulator(
  options: SimulatorOptions & { port: number; host?: string },
): Promise<RunningSimulator> {
  const faults = createFaultState(options.random);
  const app = createSimulatorApp({ ...options, faults });
  const host = options.host ?? '127.0.0.1';
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(options.port, host, () => resolve(s)).once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
  return {
    url,
    targetUrl: (target) => `${url}/targets/${target}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Calls held by timeout injection and idle keep-alive connections would hold close() open.
        server.closeAllConnections();
      }),
  };
}
