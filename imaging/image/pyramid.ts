/**
 * Halving pyramid over the decoded master, built once by libvips right after the decode: every crop,
 * model input and render samples the level whose resolution is just above what it needs, so a 12 MP
 * master is reduced once, not per use.
 */
import { apply, compose, invert, scaleOf, type Affine } from '../geometry';
import { resizeRegion, resizeRgb } from './codec';
import { type RgbImage } from './raster';
import { supersamplingFor, warpRgb, type Outside } from './warp';

export interface SampleOptions {
  outside?: Outside;
  /** Supersample when the map shrinks by more than 1.25x (off for model inputs: the levels suffice). */
  antialias?: boolean;
}

/** Levels stop once the short side would fall below this. */
const smallestSide = 32;

export class Pyramid {
  private constructor(
    readonly master: RgbImage,
    private readonly levels: RgbImage[],
  ) {}

  static async build(master: RgbImage): Promise<Pyramid> {
    const levels = [master];
    for (;;) {
      const last = levels[levels.length - 1]!;
      const width = last.width >> 1;
      const height = last.height >> 1;
      if (Math.min(width, height) < smallestSide) break;
      levels.push(await resizeRgb(last, width, height));
    }
    return new Pyramid(master, levels);
  }

  level(k: number): RgbImage {
    return this.levels[k]!;
  }

  /** Level k's pixels to master pixels (areas preserved: level pixel i covers master [i, i + 1) * ratio). */
  private levelToMaster(k: number): Affine {
    const level = this.levels[k]!;
    const sx = this.master.width / level.width;
    const sy = this.master.height / level.height;
    return { a: sx, b: 0, c: (sx - 1) / 2, d: 0, e: sy, f: (sy - 1) / 2 };
  }

  /** Deepest level that still has at least as many pixels as the output needs (`scale` = output/master). */
  levelFor(scale: number): number {
    let k = 0;
    while (k + 1 < this.levels.length && this.levels[k + 1]!.width >= scale * this.master.width) k++;
    return k;
  }

  /**
   * The whole master at `width` x `height` (axis-aligned, Lanczos, from the nearest level above): model
   * inputs and the preview. Pixel areas are preserved: output pixel i covers master [i, i + 1) / scale.
   */
  async resize(width: number, height: number): Promise<RgbImage> {
    return resizeRgb(this.level(this.levelFor(width / this.master.width)), width, height);
  }

  /**
   * High-quality render for the profile photos: the region the output needs is first reduced by libvips'
   * Lanczos filter to the output's scale, then the remaining rotation and sub-pixel placement is one
   * bilinear pass at about 1:1. Outside the master, as warpRgb (mirrored).
   */
  async render(masterToOut: Affine, width: number, height: number): Promise<RgbImage> {
    const scale = scaleOf(masterToOut);
    if (scale >= 0.8) return this.sample(masterToOut, width, height);
    const k = this.levelFor(scale);
    const level = this.level(k);
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
    return warpRgb(reduced, compose(invert(reducedToLevel), outToLevel), width, height);
  }

  /** Renders `width` x `height` pixels through `masterToOut` (outside the master: see warpRgb). */
  sample(masterToOut: Affine, width: number, height: number, options: SampleOptions = {}): RgbImage {
    const { outside = 'mirror', antialias = true } = options;
    const scale = scaleOf(masterToOut);
    const k = this.levelFor(scale);
    const levelToMaster = this.levelToMaster(k);
    const outToLevel = compose(invert(levelToMaster), invert(masterToOut));
    const shrink = 1 / (scale * scaleOf(levelToMaster));
    return warpRgb(
      this.level(k),
      outToLevel,
      width,
      height,
      antialias ? supersamplingFor(shrink) : 1,
      outside,
    );
  }
}
