/** The API's own photo pipeline for the tools: created on the first call, at most `atOnce` photos at a time. */
import { limitPhotosAtOnce } from '../../activities/pipeline-slots';
import type { PhotoPipeline } from '../../imaging';

export interface LazyPipeline {
  get(): Promise<PhotoPipeline>;
  /** Releases the ONNX sessions if they were loaded. */
  close(): Promise<void>;
}

export function lazyPipeline(create: () => Promise<PhotoPipeline>, atOnce: number): LazyPipeline {
  let created: Promise<PhotoPipeline> | undefined;
  return {
    get() {
      created ??= create().then((pipeline) => limitPhotosAtOnce(pipeline, atOnce));
      // A failed load (a model missing) is tried again by the next call, not remembered.
      created.catch(() => (created = undefined));
      return created;
    },
    async close() {
      const opened = created;
      created = undefined;
      await (await opened?.catch(() => undefined))?.close();
    },
  };
}
