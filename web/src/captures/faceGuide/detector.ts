/**
 * The face guide's detector in the browser: the 320 px YuNet (weights from the API) in onnxruntime-web's
 * single-threaded WebAssembly backend (threads would need cross-origin isolation), its outputs decoded as the
 * server decodes its own (domain/face-detection.ts). One frame is fitted into the input's top-left corner and
 * the rest left black, as the model was trained.
 */
import * as ort from 'onnxruntime-web/wasm';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import { decodeYunet, type Detection, type YunetOutputs } from '../../../../domain/face-detection';

ort.env.wasm.wasmPaths = { wasm: wasmUrl };
ort.env.wasm.numThreads = 1;

const inputSize = 320;

export interface FaceGuideDetector {
  detect(video: HTMLVideoElement): Promise<Detection[]>;
  release(): Promise<void>;
}

export async function createFaceGuideDetector(model: Blob): Promise<FaceGuideDetector> {
  const session = await ort.InferenceSession.create(new Uint8Array(await model.arrayBuffer()), {
    executionProviders: ['wasm'],
  });
  const canvas = document.createElement('canvas');
  canvas.width = inputSize;
  canvas.height = inputSize;
  const context = canvas.getContext('2d', { willReadFrequently: true })!;
  const plane = inputSize * inputSize;
  const tensor = new Float32Array(3 * plane);
  return {
    async detect(video) {
      const { videoWidth: width, videoHeight: height } = video;
      const scale = inputSize / Math.max(width, height);
      context.fillStyle = '#000';
      context.fillRect(0, 0, inputSize, inputSize);
      context.drawImage(video, 0, 0, Math.round(width * scale), Math.round(height * scale));
      const { data } = context.getImageData(0, 0, inputSize, inputSize);
      // Planes in YuNet's order, blue first, values 0..255 (MODELS.md).
      for (let i = 0, p = 0; i < plane; i++, p += 4) {
        tensor[i] = data[p + 2]!;
        tensor[plane + i] = data[p + 1]!;
        tensor[2 * plane + i] = data[p]!;
      }
      const input = new ort.Tensor('float32', tensor, [1, 3, inputSize, inputSize]);
      const outputs = await session.run({ [session.inputNames[0]!]: input });
      return decodeYunet(outputs as YunetOutputs, inputSize, scale);
    },
    release: () => session.release(),
  };
}
