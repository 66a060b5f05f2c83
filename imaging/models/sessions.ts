/**
 * The models of a folder, for the pipelines of this process: every weight file is checked against the
 * folder's SHA256SUMS here, then inference threads (models/inference-thread.ts) make the sessions and run
 * every inference while this thread goes on with other work. Pipelines share the threads by reference
 * count; the last release closes them.
 */
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { ImagingError } from '../errors';
import { type RgbImage } from '../image/raster';
import { modelFiles, readChecksums, readVerified, type ModelName } from './checksums';
import type { Tensor, ThreadData, ThreadEvent, ThreadRequest } from './inference-thread';

export type { Tensor };

export interface ModelSessions {
  /** Runs `model` on `pixels` (at most the model's input size; see models/inputs.ts). */
  infer(model: ModelName, pixels: RgbImage): Promise<Record<string, Tensor>>;
  release(): Promise<void>;
}

/**
 * Code for a worker thread that runs inference-thread.ts. The thread inherits tsx's loader flags, but
 * code evaluated there still cannot require TypeScript, so it registers tsx's loader first (resolved here:
 * the thread's own require resolves from the working directory).
 */
const threadSource = `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register(); require(${JSON.stringify(path.join(__dirname, 'inference-thread.ts'))});`;

interface Pending {
  resolve(outputs: Record<string, Tensor>): void;
  reject(err: Error): void;
}

class InferenceThread {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private failure: Error | undefined;
  private readonly exited: Promise<void>;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (event: ThreadEvent) => this.settle(event));
    worker.on('error', (err) => this.fail(err));
    this.exited = new Promise((resolve) =>
      worker.once('exit', (code) => {
        this.fail(new Error(`the inference thread stopped (exit code ${code})`));
        resolve();
      }),
    );
  }

  /** Starts a thread for `models` and waits until it has made their sessions. */
  static async start(dir: string, models: ThreadData): Promise<InferenceThread> {
    const worker = new Worker(threadSource, { eval: true, workerData: models });
    const first = await new Promise<ThreadEvent>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the thread stopped (exit code ${code})`)));
    }).catch(async (cause: unknown) => {
      await worker.terminate();
      throw new ImagingError('inference_thread_failed', { reason: String(cause) }, { dir }, { cause });
    });
    if (first.kind === 'load_failed') {
      const { file, reason } = first;
      throw new ImagingError('model_load_failed', { file, reason }, { file: path.join(dir, file) });
    }
    worker.unref(); // referenced only while an inference is pending: an idle thread keeps no process alive
    return new InferenceThread(worker);
  }

  /** True once the thread has stopped (after close, or on its own: its pending inferences then failed). */
  get stopped(): boolean {
    return this.failure !== undefined;
  }

  infer(model: ModelName, pixels: RgbImage): Promise<Record<string, Tensor>> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      if (this.pending.size === 1) this.worker.ref();
      this.worker.postMessage({ kind: 'infer', id, model, pixels } satisfies ThreadRequest);
    });
  }

  async close(): Promise<void> {
    this.worker.ref();
    this.worker.postMessage({ kind: 'close' } satisfies ThreadRequest);
    await this.exited;
  }

  private settle(event: ThreadEvent): void {
    if (event.kind !== 'result' && event.kind !== 'failed') return;
    const call = this.pending.get(event.id);
    if (!call) return;
    this.pending.delete(event.id);
    if (this.pending.size === 0) this.worker.unref();
    if (event.kind === 'result') call.resolve(event.outputs);
    else call.reject(new Error(`inference failed: ${event.reason}`));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const call of this.pending.values()) call.reject(err);
    this.pending.clear();
  }
}

/**
 * Which thread runs each model. The face models run one after another, each needing the one before; the
 * presentation-attack models need only the detector's box, so they have a thread of their own and run
 * while the face is measured.
 */
const threadOf = {
  detector: 0,
  mesh: 0,
  segmenter: 0,
  padV2: 1,
  padV1se: 1,
} as const satisfies Record<ModelName, number>;
const threadCount = 2;

class ModelThreads {
  private closed = false;

  private constructor(
    private readonly dir: string,
    /** Each thread's models with their checked bytes, kept to start a thread again. */
    private readonly groups: ThreadData[],
    private readonly threads: Promise<InferenceThread>[],
  ) {}

  /** Checks every model file, then starts the threads. */
  static async start(dir: string): Promise<ModelThreads> {
    const sums = await readChecksums(dir);
    const groups: ThreadData[] = Array.from({ length: threadCount }, () => ({}));
    await Promise.all(
      (Object.entries(modelFiles) as [ModelName, string][]).map(async ([name, file]) => {
        groups[threadOf[name]]![name] = { file, bytes: await readVerified(dir, file, sums) };
      }),
    );
    const settled = await Promise.allSettled(groups.map((group) => InferenceThread.start(dir, group)));
    const started = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) {
      await Promise.all(started.map((thread) => thread.close()));
      throw failed.reason;
    }
    return new ModelThreads(
      dir,
      groups,
      started.map((thread) => Promise.resolve(thread)),
    );
  }

  /**
   * A thread that stopped on its own (its pending inferences failed with the reason) is started again
   * for the next inference, so that one lost thread does not fail every later photo of a long-lived worker.
   */
  async infer(model: ModelName, pixels: RgbImage): Promise<Record<string, Tensor>> {
    if (this.closed) throw new ImagingError('pipeline_closed');
    const k = threadOf[model];
    const current = this.threads[k]!;
    let thread = await current;
    if (thread.stopped) {
      if (this.threads[k] === current) {
        const restarted = InferenceThread.start(this.dir, this.groups[k]!);
        this.threads[k] = restarted;
        // Should the start fail, the call after this one tries again.
        restarted.catch(() => {
          if (this.threads[k] === restarted) this.threads[k] = current;
        });
      }
      thread = await this.threads[k]!;
    }
    return thread.infer(model, pixels);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(
      this.threads.map((thread) =>
        thread.then(
          (t) => t.close(),
          () => undefined,
        ),
      ),
    );
  }
}

interface Entry {
  threads: Promise<ModelThreads>;
  users: number;
}

const open = new Map<string, Entry>();

/** Opens (or joins) the process-wide sessions of a models folder. Call release() once per open. */
export async function openModels(modelsDir: string): Promise<ModelSessions> {
  const dir = path.resolve(modelsDir);
  let entry = open.get(dir);
  if (!entry) {
    const created: Entry = { threads: ModelThreads.start(dir), users: 0 };
    created.threads.catch(() => open.get(dir) === created && open.delete(dir));
    open.set(dir, created);
    entry = created;
  }
  const joined = entry;
  joined.users += 1; // counted before any await, so a concurrent release cannot dispose under us
  let threads: ModelThreads;
  try {
    threads = await joined.threads;
  } catch (err) {
    joined.users -= 1;
    throw err;
  }
  let released = false;
  return {
    infer: (model, pixels) =>
      released ? Promise.reject(new ImagingError('pipeline_closed')) : threads.infer(model, pixels),
    async release() {
      if (released) return;
      released = true;
      joined.users -= 1;
      if (joined.users === 0) {
        if (open.get(dir) === joined) open.delete(dir);
        await threads.close();
      }
    },
  };
}
