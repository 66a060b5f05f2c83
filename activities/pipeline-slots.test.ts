import type { PhotoPipeline, PipelineResult } from '../imaging';
import { limitPhotosAtOnce } from './pipeline-slots';

/** A pipeline whose photos end when the test says so, counting how many run at once. */
function heldPipeline() {
  let running = 0;
  let most = 0;
  const finish: (() => void)[] = [];
  const pipeline = {
    profiles: {} as PhotoPipeline['profiles'],
    process: jest.fn(async (_master: Buffer) => {
      running++;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => finish.push(resolve));
      running--;
      return {} as PipelineResult;
    }),
    close: jest.fn(async () => {}),
  };
  return { pipeline, finish, most: () => most, running: () => running };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

test('no more photos run at once than allowed; the others start as soon as one ends, in order', async () => {
  const held = heldPipeline();
  const limited = limitPhotosAtOnce(held.pipeline, 2);
  const results = Array.from({ length: 5 }, (_, i) => limited.process(Buffer.from([i])));
  await settle();
  expect(held.running()).toBe(2);
  expect(held.pipeline.process.mock.calls.map(([master]) => master[0])).toEqual([0, 1]);

  held.finish.shift()!();
  await settle();
  expect(held.running()).toBe(2);
  expect(held.pipeline.process.mock.calls.map(([master]) => master[0])).toEqual([0, 1, 2]);

  while (held.finish.length) {
    held.finish.shift()!();
    await settle();
  }
  await Promise.all(results);
  expect(held.pipeline.process).toHaveBeenCalledTimes(5);
  expect(held.most()).toBe(2);
});

test('a failing photo frees its place', async () => {
  const failing = {
    profiles: {} as PhotoPipeline['profiles'],
    process: jest.fn().mockRejectedValueOnce(new Error('no_face')).mockResolvedValue({}),
    close: jest.fn(async () => {}),
  };
  const limited = limitPhotosAtOnce(failing, 1);
  await expect(limited.process(Buffer.alloc(1))).rejects.toThrow('no_face');
  await expect(limited.process(Buffer.alloc(1))).resolves.toEqual({});
});
