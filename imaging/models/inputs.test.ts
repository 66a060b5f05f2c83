import { fillTensor, type ModelInput } from './inputs';

// Two pixels, red-ish then blue-ish, in a 3 x 2 input: the rest is letterbox.
const pixels = { width: 2, height: 1, data: new Uint8Array([200, 100, 0, 0, 50, 250]) };
const spare = () => new Float32Array(3 * 3 * 2).fill(99); // a reused tensor still holds the last photo
/** A 3 x 2 input, NCHW, BGR, unscaled, but for what `differences` says. */
const inputWith = (differences: Partial<ModelInput>): ModelInput => ({
  name: 'x',
  width: 3,
  height: 2,
  layout: 'nchw',
  order: 'bgr',
  scale: 1,
  offset: 0,
  ...differences,
});

describe('model input tensors', () => {
  it('planes in BGR order, unscaled, the letterbox black (YuNet, MiniFASNet)', () => {
    const input = inputWith({});
    const tensor = spare();
    fillTensor(input, pixels, tensor);
    // Plane 0 is blue, 1 green, 2 red; each plane is 3 x 2 with the pixels on the first row.
    expect(Array.from(tensor)).toEqual([0, 250, 0, 0, 0, 0, 100, 50, 0, 0, 0, 0, 200, 0, 0, 0, 0, 0]);
  });

  it('interleaved RGB scaled to [-1, 1], the letterbox at the offset (black)', () => {
    const input = inputWith({ layout: 'nhwc', order: 'rgb', scale: 1 / 127.5, offset: -1 });
    const tensor = spare();
    fillTensor(input, pixels, tensor);
    const expected = [200, 100, 0, 0, 50, 250].map((v) => v / 127.5 - 1).concat(Array(12).fill(-1));
    Array.from(tensor).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
  });

  it('refuses pixels larger than the input', () => {
    const input = inputWith({ width: 1, height: 1, order: 'rgb' });
    expect(() => fillTensor(input, pixels, spare())).toThrow('2x1 pixels do not fit a 1x1 input');
  });
});
