/**
 * The photo pipeline at most `photos` at a time. The worker runs more activities than that, so that a case's
 * short database steps (start, route, issue) need not wait for a slot held by another case's photo, and the
 * next photo starts the moment one ends; but photos beyond the cores only slow each other down.
 */
import type { PhotoPipeline } from '../imaging';
import { createSlots } from './slots';

export function limitPhotosAtOnce(pipeline: PhotoPipeline, photos: number): PhotoPipeline {
  const slots = createSlots(photos);
  return {
    profiles: pipeline.profiles,
    process: (master, options) => slots.run(() => pipeline.process(master, options)),
    close: () => pipeline.close(),
  };
}
