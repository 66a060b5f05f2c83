/**
 * Halving pyramid over the decoded master, made by libvips and built once per master: every crop,
 * model input and render samples the level whose resolution is just above what it needs, so a 12 MP
 * master is reduced once, not per use. A level is made (from the one above) when it is first asked for,
 * or when `buildLevels` asks for all of them: the pipeline does that as soon as the detector's input is
 * made, so that they are built on the core the detector leaves idle, not before the input it waits for.
 */
import { apply, compose, invert, scaleOf, type Affine } from '../geometry';
import { resizeRegion, resizeRgb } from './codec';
import { type RgbImage } from './raster';
import { supersamplingFor, warpRgb, type Outside, type WarpOptions } from './warp';

export interface SampleOptions {
  outside?: Outside;
  /** Supersample when the map shrinks by more than 1.25x (off for model inputs: the levels suffice). */
  antialias?: boolean;
}

/** What `Pyramid.reduce` hands to `Pyramid.warp`: the pixels to warp, the map into them, the supersampling. */
export interface ReducedSource {
  image: RgbImage;
  outToImage: Affine;
  samples: number;
}

/** Levels stop once the short side would fall below this. */
const smallestSide = 32;

const { min } = Math;

export class Pyramid {
  private readonly sizes: { width: number; height: number }[] = [];
  private readonly levels: Promise<RgbImage>[];

  constructor(readonly master: RgbImage) {
    let { width, height } = master;
    do {
      this.sizes.push({ width, height });
      width >>= 1;
      height >>= 1;
    } while (min(width, height) >= smallestSide);
    this.levels = [Promise.resolve(master)];
  }

  /** Starts every level not made yet; readers await theirs as usual. */
  buildLevels(): void {
    for (let k = 1; k < this.sizes.length; k++) void this.level(k);
  }

  /** Level k, made by libvips from level k - 1 the first time it is asked for. */
  private level(k: number): Promise<RgbImage> {
    let level = this.levels[k];
    if (!level) {
      const { width, height } = this.sizes[k]!;
      level = this.level(k - 1).then((previous) => resizeRgb(previous, width, height));
      level.catch(() => undefined); // surfaces to whoever awaits the level
      this.levels[k] = level;
    }
    return level;
  }

  /** Level k's pixels to master pixels (areas preserved: level pixel i covers master [i, i + 1) * ratio). */
  private levelToMaster(k: number): Affine {
    const level = this.sizes[k]!;
    const sx = this.master.width / level.width;
    const sy = this.master.height / level.height;
    return { a: sx, b: 0, c: (sx - 1) / 2, d: 0, e: sy, f: (sy - 1) / 2 };
  }

  /** Deepest level that still has at least as many pixels as the output needs (`scale` = output/master). */
  levelFor(scale: number): number {
    let k = 0;
    while (k + 1 < this.sizes.length && this.sizes[k + 1]!.width >= scale * this.master.width) k++;
    return k;
  }

  /**
   * The whole master at `width` x `height` (axis-aligned, Lanczos, from the nearest level above): model
   * inputs and the preview. Pixel areas are preserved: output pixel i covers master [i, i + 1) / scale.
   */
  async resize(width: number, height: number): Promise<RgbImage> {
    return resizeRgb(await this.level(this.levelFor(width / this.master.width)), width, height);
  }

  /**
   * High-quality render for the profile photos, in two halves so that callers can start the first early:
   * `reduce` has libvips reduce the region the output needs with its Lanczos filter to the output's scale
   * (on its own threads), then `warp` does the remaining rotation and sub-pixel placement as one bilinear
   * pass at about 1:1 (on this thread). At 0.8x and above there is nothing to reduce. Outside the master,
   * as warpRgb (mirrored).
   */
  async reduce(masterToOut: Affine, width: number, height: number): Promise<ReducedSource> {
    const scale = scaleOf(masterToOut);
    if (scale >= 0.8) return this.sampling(masterToOut);
    const k = this.levelFor(scale);
    const level = await this.level(k);
    const outToLevel = compose(invert(this.levelToMaster(k)), invert(masterToOut));
    const corners = [
      apply(outToLevel, { x: -1, y: -1 }),
      apply(outToLevel, { x: width, y: -1 }),
      apply(outToLevel, { x: -1, y: height }),
      apply(outToLevel, { x: width, y: height }),
    ];
    const clampX = (v: number) => Math.min(level.width, Math.max(0, v));
    const clampY = (v: number) => Math.min(level.height, Math.max(0, v));
    const left = clampX(Math.floor(Math.min(...corners.map((c) => c.x)) - 2));
    const right = clampX(Math.ceil(Math.max(...corners.map((c) => c.x)) + 3));
    const top = clampY(Math.floor(Math.min(...corners.map((c) => c.y)) - 2));
    const bottom = clampY(Math.ceil(Math.max(...corners.map((c) => c.y)) + 3));
    const levelScale = scaleOf(compose(masterToOut, this.levelToMaster(k))); // output pixels per level pixel
    const w = Math.max(1, Math.round((right - left) * levelScale));
    const h = Math.max(1, Math.round((bottom - top) * levelScale));
    const reduced = await resizeRegion(level, { left, top, width: right - left, height: bottom - top }, w, h);
    // Reduced pixel j covers level [left + j / sx, left + (j + 1) / sx): its centre in level coordinates.
    const sx = w / (right - left);
    const sy = h / (bottom - top);
    const reducedToLevel: Affine = {
      a: 1 / sx,
      b: 0,
      c: left + 0.5 / sx - 0.5,
      d: 0,
      e: 1 / sy,
      f: top + 0.5 / sy - 0.5,
    };
    return { image: reduced, outToImage: compose(invert(reducedToLevel), outToLevel), samples: 1 };
  }

  /** The second half of a render (see reduce); `only` and `fill` as in WarpOptions. */
  warp(
    source: ReducedSource,
    width: number,
    height: number,
    cover: Pick<WarpOptions, 'only' | 'fill'> = {},
  ): RgbImage {
    return warpRgb(source.image, source.outToImage, width, height, { samples: source.samples, ...cover });
  }

  /** Renders `width` x `height` pixels through `masterToOut` (outside the master: see warpRgb). */
  async sample(
    masterToOut: Affine,
    width: number,
    height: number,
    options: SampleOptions = {},
  ): Promise<RgbImage> {
    const { outside = 'mirror', antialias = true } = options;
    const { image, outToImage, samples } = await this.sampling(masterToOut, antialias);
    return warpRgb(image, outToImage, width, height, { samples, outside });
  }

  /** The level to sample for `masterToOut`, the map into it, and the supersampling an antialiased render needs. */
  private async sampling(masterToOut: Affine, antialias = true): Promise<ReducedSource> {
    const scale = scaleOf(masterToOut);
    const k = this.levelFor(scale);
    const levelToMaster = this.levelToMaster(k);
    const shrink = 1 / (scale * scaleOf(levelToMaster));
    return {
      image: await this.level(k),
      outToImage: compose(invert(levelToMaster), invert(masterToOut)),
      samples: antialias ? supersamplingFor(shrink) : 1,
    };
  }
}
