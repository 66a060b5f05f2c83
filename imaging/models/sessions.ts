/**
 * The only module that talks to onnxruntime. Sessions are created once per process and models folder,
 * after every weight file has been checked against the folder's SHA256SUMS; pipelines share them by
 * reference count. onnxruntime-node runs inference synchronously on the JS thread, so concurrent calls
 * are serialised by the event loop. Input tensors are reused: each call takes a spare one (or makes one)
 * and puts it back when inference is done, so concurrent calls never share one. A photo used to allocate
 * 7 MB of them, and that volume alone set off a third of the process's full garbage collections.
 */
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { ImagingError } from '../errors';
import { type RgbImage } from '../image/raster';
import { modelFiles, readChecksums, readVerified, type ModelName } from './checksums';
import { fillTensor, inputDims, modelInputs } from './inputs';

export interface Tensor {
  data: Float32Array;
  dims: readonly number[];
}

export interface ModelSessions {
  /** Runs `model` on `pixels` (at most the model's input size; see models/inputs.ts). */
  infer(model: ModelName, pixels: RgbImage): Promise<Record<string, Tensor>>;
  release(): Promise<void>;
}

async function loadVerified(
  dir: string,
  file: string,
  sums: Map<string, string>,
): Promise<ort.InferenceSession> {
  const full = path.join(dir, file);
  const bytes = await readVerified(dir, file, sums);
  try {
    return await ort.InferenceSession.create(bytes, {
      // One thread: inference runs on the JS thread, and libvips (decoding, reductions, encoding, the
      // preview) uses the other core at the same time. A second ORT thread spin-waits between operators
      // and took that core away: the whole pipeline was 30 % slower with it on this 2-core machine.
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      logSeverityLevel: 3, // errors only: the shipped models carry harmless unused-initializer warnings
    });
  } catch (cause) {
    throw new ImagingError('model_load_failed', { file, reason: String(cause) }, { file: full }, { cause });
  }
}

/** Spare input tensors kept per model: enough for the calls the worker runs at once. */
const maxSpareInputs = 4;

class SharedSessions {
  private readonly spareInputs = new Map<ModelName, Float32Array[]>();

  constructor(private readonly sessions: Record<ModelName, ort.InferenceSession>) {}

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

  async dispose(): Promise<void> {
    await Promise.all(Object.values(this.sessions).map((s) => s.release()));
  }
}

async function create(dir: string): Promise<SharedSessions> {
  const sums = await readChecksums(dir);
  const entries = await Promise.all(
    (Object.entries(modelFiles) as [ModelName, string][]).map(
      async ([name, file]) => [name, await loadVerified(dir, file, sums)] as const,
    ),
  );
  return new SharedSessions(Object.fromEntries(entries) as Record<ModelName, ort.InferenceSession>);
}

interface Entry {
  sessions: Promise<SharedSessions>;
  users: number;
}

const open = new Map<string, Entry>();

/** Opens (or joins) the process-wide sessions of a models folder. Call release() once per open. */
export async function openModels(modelsDir: string): Promise<ModelSessions> {
  const dir = path.resolve(modelsDir);
  let entry = open.get(dir);
  if (!entry) {
    const created: Entry = { sessions: create(dir), users: 0 };
    created.sessions.catch(() => open.get(dir) === created && open.delete(dir));
    open.set(dir, created);
    entry = created;
  }
  const joined = entry;
  joined.users += 1; // counted before any await, so a concurrent release cannot dispose under us
  let shared: SharedSessions;
  try {
    shared = await joined.sessions;
  } catch (err) {
    joined.users -= 1;
    throw err;
  }
  let released = false;
  return {
    infer: (model, pixels) => shared.infer(model, pixels),
    async release() {
      if (released) return;
      released = true;
      joined.users -= 1;
      if (joined.users === 0) {
        if (open.get(dir) === joined) open.delete(dir);
        await shared.dispose();
      }
    },
  };
}
