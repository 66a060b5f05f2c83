/**
 * The photo pipeline at most `photos` at a time. The worker runs more activities than that, so that a case's
 * short database steps (start, route, issue) need not wait for a slot held by another case's photo, and the
 * next photo starts the moment one ends; but photos beyond the cores only slow each other down.
 */
import type { PhotoPipeline } from '../imaging';

export function limitPhotosAtOnce(pipeline: PhotoPipeline, photos: number): PhotoPipeline {
  let running = 0;
  const waiting: (() => void)[] = [];
  const acquire = async () => {
    if (running < photos) running++;
    else await new Promise<void>((resolve) => waiting.push(resolve));
  };
  // A waiting photo takes over the slot as it is; otherwise the slot is freed.
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return {
    profiles: pipeline.profiles,
    async process(master, options) {
      await acquire();
      try {
        return await pipeline.process(master, options);
      } finally {
        release();
      }
    },
    close: () => pipeline.close(),
  };
}
