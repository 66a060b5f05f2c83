import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import workerThreads, { type Worker } from 'node:worker_threads';
import path from 'node:path';
import { ImagingError } from '../errors';
import { createRgb } from '../image/raster';
import { createPhotoPipeline } from '../pipeline';
import { modelsDir } from '../testing/fixtures';
import { modelFiles, verifyModelFiles } from './checksums';
import { openModels } from './sessions';

/** A models folder made of links to the real weights, with one file changed by `alter`. */
function modelsFolder(alter: (dir: string) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tongpai-models-'));
  writeFileSync(path.join(dir, 'SHA256SUMS'), readFileSync(path.join(modelsDir, 'SHA256SUMS')));
  for (const file of Object.values(modelFiles)) symlinkSync(path.join(modelsDir, file), path.join(dir, file));
  alter(dir);
  return dir;
}

async function startupError(dir: string): Promise<ImagingError> {
  try {
    const pipeline = await createPhotoPipeline({ modelsDir: dir });
    await pipeline.close();
  } catch (err) {
    expect(err).toBeInstanceOf(ImagingError);
    return err as ImagingError;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  throw new Error('expected start-up to fail');
}

describe('model start-up checks', () => {
  it('a missing model stops start-up, naming the file', async () => {
    const err = await startupError(modelsFolder((dir) => rmSync(path.join(dir, modelFiles.mesh))));
    expect(err.code).toBe('model_missing');
    expect(err.messages.en).toContain('face_mesh_468.onnx');
    expect(err.messages.zh).toContain('face_mesh_468.onnx');
  });

  it('a wrong model (checksum mismatch) stops start-up, naming the file', async () => {
    const err = await startupError(
      modelsFolder((dir) => {
        const file = path.join(dir, modelFiles.detector);
        const bytes = Buffer.from(readFileSync(file));
        bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
        rmSync(file);
        writeFileSync(file, bytes);
      }),
    );
    expect(err.code).toBe('model_checksum_mismatch');
    expect(err.messages.en).toContain('yunet_s_640_640.onnx');
  });

  it('the pre-flight check (npm start runs it first) finds the same problems without loading a model', async () => {
    const dir = modelsFolder((d) => rmSync(path.join(d, modelFiles.padV1se)));
    try {
      await expect(verifyModelFiles(dir)).rejects.toMatchObject({
        code: 'model_missing',
        messages: { en: expect.stringContaining('minifasnet_v1se.onnx') },
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await expect(verifyModelFiles(modelsDir)).resolves.toBeUndefined();
  });

  it('a model missing from SHA256SUMS cannot be verified and is refused', async () => {
    const err = await startupError(
      modelsFolder((dir) => {
        const sums = readFileSync(path.join(dir, 'SHA256SUMS'), 'utf8');
        writeFileSync(
          path.join(dir, 'SHA256SUMS'),
          sums
            .split('\n')
            .filter((l) => !l.includes('minifasnet_v2'))
            .join('\n'),
        );
      }),
    );
    expect(err.code).toBe('model_not_listed');
    expect(err.messages.en).toContain('minifasnet_v2.onnx');
  });

  it("a listed file that is no model stops start-up with the loader's reason, naming the file", async () => {
    const err = await startupError(
      modelsFolder((dir) => {
        const file = path.join(dir, modelFiles.padV1se);
        const garbage = Buffer.from('not an ONNX model');
        rmSync(file);
        writeFileSync(file, garbage);
        const sha256 = createHash('sha256').update(garbage).digest('hex');
        const sums = readFileSync(path.join(dir, 'SHA256SUMS'), 'utf8').replace(
          /^[0-9a-f]{64}(\s+\*?minifasnet_v1se\.onnx)$/m,
          `${sha256}$1`,
        );
        writeFileSync(path.join(dir, 'SHA256SUMS'), sums);
      }),
    );
    expect(err.code).toBe('model_load_failed');
    expect(err.messages.en).toContain('minifasnet_v1se.onnx');
    expect(err.messages.zh).toContain('minifasnet_v1se.onnx');
  });

  it('concurrent inferences each read their own input (input tensors are reused, never shared)', async () => {
    const models = await openModels(modelsDir);
    try {
      const grey = (value: number) => {
        const image = createRgb(80, 80);
        image.data.fill(value);
        return image;
      };
      const inputs = [grey(20), grey(120), grey(230), grey(120)];
      const alone: number[][] = [];
      for (const image of inputs)
        alone.push(Array.from((await models.infer('padV2', image))['output']!.data));
      const together = await Promise.all(inputs.map((image) => models.infer('padV2', image)));
      expect(together.map((out) => Array.from(out['output']!.data))).toEqual(alone);
      expect(alone[0]).not.toEqual(alone[1]); // the inputs do tell apart
    } finally {
      await models.release();
    }
  });

  it('inference runs on threads of its own: this thread keeps turning its event loop meanwhile', async () => {
    const models = await openModels(modelsDir);
    let turns = 0;
    let running = true;
    const turn = () => {
      if (!running) return;
      turns += 1;
      setImmediate(turn);
    };
    try {
      setImmediate(turn);
      for (let i = 0; i < 5; i++) await models.infer('detector', createRgb(640, 640));
      // On this thread each inference would leave room for a turn or two (onnxruntime-node defers the run
      // by a setImmediate, then blocks until it is done); beside it, thousands.
      expect(turns).toBeGreaterThan(100);
    } finally {
      running = false;
      await models.release();
    }
  });

  it('an inference thread that stops on its own is started again for the next inference', async () => {
    const RealWorker = workerThreads.Worker;
    const started: Worker[] = [];
    const spy = jest
      .spyOn(workerThreads, 'Worker')
      .mockImplementation((...args: ConstructorParameters<typeof Worker>) => {
        const worker = new RealWorker(...args);
        started.push(worker);
        return worker;
      });
    const dir = modelsFolder(() => undefined); // a folder of its own, so that it gets threads of its own
    const models = await openModels(dir);
    try {
      const input = createRgb(640, 640);
      input.data.fill(90);
      const before = Array.from((await models.infer('detector', input))['cls_8']!.data);
      expect(started).toHaveLength(2);
      await started[0]!.terminate(); // the face models' thread
      const after = Array.from((await models.infer('detector', input))['cls_8']!.data);
      expect(started).toHaveLength(3);
      expect(after).toEqual(before);
    } finally {
      spy.mockRestore();
      await models.release();
      rmSync(dir, { recursive: true, force: true });
    }
    await expect(models.infer('padV2', createRgb(80, 80))).rejects.toMatchObject({ code: 'pipeline_closed' });
  });

  it('sessions are shared per process and released with the last user', async () => {
    const [a, b] = await Promise.all([openModels(modelsDir), openModels(modelsDir)]);
    await a.release();
    const out = await b.infer('padV2', createRgb(80, 80)); // still open for b
    expect(out['output']!.dims).toEqual([1, 3]);
    await b.release();
  });
});
