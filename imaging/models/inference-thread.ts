/**
 * The inference thread, the only code that loads onnxruntime (models/sessions.ts starts it). onnxruntime-
 * node runs a model synchronously on the calling thread, so here it holds up neither the photo pipeline's
 * own work (the matte, the warps, the checks go on meanwhile) nor the process's event loop. The sessions
 * are made from bytes the opening thread has already checked; each request's pixels become its model's
 * tensor here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import { type RgbImage } from '../image/raster';
import { type ModelName } from './checksums';
import { fillTensor, inputDims, modelInputs } from './inputs';

export interface Tensor {
  data: Float32Array;
  dims: readonly number[];
}

/** workerData: the file name and checked bytes of each model the thread runs. */
export type ThreadData = Partial<Record<ModelName, { file: string; bytes: Uint8Array }>>;

export type ThreadRequest =
  { kind: 'infer'; id: number; model: ModelName; pixels: RgbImage } | { kind: 'close' };

export type ThreadEvent =
  | { kind: 'ready' }
  | { kind: 'load_failed'; file: string; reason: string }
  | { kind: 'result'; id: number; outputs: Record<string, Tensor> }
  | { kind: 'failed'; id: number; reason: string };

async function createSession(file: string, bytes: Uint8Array): Promise<ort.InferenceSession> {
  try {
    return await ort.InferenceSession.create(bytes, {
      // One thread: libvips (decoding, reductions, encoding, the preview) and the pipeline's own thread
      // use the two cores at the same time. A second ORT thread spin-waits between operators and took a
      // core away from them: the whole pipeline was 10-30 % slower with it on this 2-core machine.
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      logSeverityLevel: 3, // errors only: the shipped models carry harmless unused-initializer warnings
    });
  } catch (cause) {
    throw Object.assign(new Error(String(cause)), { file });
  }
}

/** Spare input tensors kept per model: enough for the inferences asked for at once. */
const maxSpareInputs = 4;

class Sessions {
  private readonly spareInputs = new Map<ModelName, Float32Array[]>();

  constructor(private readonly sessions: Record<ModelName, ort.InferenceSession>) {}

  /** Input tensors are reused: each call takes a spare one (or makes one) and returns it when done. */
  async infer(model: ModelName, pixels: RgbImage): Promise<Record<string, Tensor>> {
    const input = modelInputs[model];
    const spare = this.spareInputs.get(model) ?? [];
    this.spareInputs.set(model, spare);
    const tensor = spare.pop() ?? new Float32Array(3 * input.width * input.height);
    try {
      fillTensor(input, pixels, tensor);
      const feeds = { [input.name]: new ort.Tensor('float32', tensor, inputDims(input)) };
      const outputs = await this.sessions[model].run(feeds);
      const out: Record<string, Tensor> = {};
      for (const [name, t] of Object.entries(outputs))
        out[name] = { data: t.data as Float32Array, dims: t.dims };
      return out;
    } finally {
      if (spare.length < maxSpareInputs) spare.push(tensor);
    }
  }

  async release(): Promise<void> {
    await Promise.all(Object.values(this.sessions).map((s) => s.release()));
  }
}

async function serve(port: NonNullable<typeof parentPort>, models: ThreadData): Promise<void> {
  const send = (event: ThreadEvent) => port.postMessage(event);
  let sessions: Sessions;
  try {
    const entries = await Promise.all(
      Object.entries(models).map(
        async ([name, { file, bytes }]) => [name, await createSession(file, bytes)] as const,
      ),
    );
    sessions = new Sessions(Object.fromEntries(entries) as Record<ModelName, ort.InferenceSession>);
  } catch (err) {
    const { file, message } = err as Error & { file: string };
    send({ kind: 'load_failed', file, reason: message });
    port.close();
    return;
  }
  const running = new Set<Promise<void>>();
  const serveRequest = (request: ThreadRequest) => {
    if (request.kind === 'close') {
      // Nothing asked after this is run; the sessions go once the inferences already asked for are done.
      port.off('message', serveRequest);
      void Promise.allSettled(running)
        .then(() => sessions.release())
        .finally(() => port.close());
      return;
    }
    const { id, model, pixels } = request;
    const answered = sessions
      .infer(model, pixels)
      .then((outputs) =>
        // The outputs' buffers are handed over rather than copied: this thread never reads them again.
        port.postMessage({ kind: 'result', id, outputs } satisfies ThreadEvent, [
          ...new Set(Object.values(outputs).map((t) => t.data.buffer as ArrayBuffer)),
        ]),
      )
      .catch((cause: unknown) => send({ kind: 'failed', id, reason: String(cause) }));
    running.add(answered);
    void answered.finally(() => running.delete(answered));
  };
  port.on('message', serveRequest);
  send({ kind: 'ready' });
}

if (parentPort) void serve(parentPort, workerData as ThreadData);
