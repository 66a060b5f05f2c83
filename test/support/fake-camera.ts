/**
 * A video for Chromium's fake camera (`--use-file-for-fake-video-capture`): a photo scaled and placed on a grey
 * frame so that its face box lands where the test wants it, written as Y4M (planar 4:2:0, full-range YCbCr),
 * which Chromium loops for as long as the camera is open.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { guideOval } from '../../web/src/captures/faceGuide/placement';

export interface FacePlacement {
  /** The face box in the photo's own pixels (e.g. from the pipeline's report). */
  face: { x: number; y: number; width: number; height: number };
  /** Where the face box's centre should be in the frame, and how tall the box should be, in frame pixels. */
  centre: { x: number; y: number };
  height: number;
}

export async function writeFakeCameraVideo(
  photo: string,
  placement: FacePlacement,
  out: string,
  frame = { width: 640, height: 480 },
): Promise<void> {
  const { face, centre } = placement;
  const scale = placement.height / face.height;
  const meta = await sharp(photo).metadata();
  const scaled = await sharp(photo)
    .rotate()
    .resize(Math.round(meta.width! * scale), Math.round(meta.height! * scale))
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const left = Math.round(centre.x - (face.x + face.width / 2) * scale);
  const top = Math.round(centre.y - (face.y + face.height / 2) * scale);
  const { width, height } = frame;
  const rgb = Buffer.alloc(width * height * 3, 128);
  for (let y = 0; y < height; y++) {
    const sy = y - top;
    if (sy < 0 || sy >= scaled.info.height) continue;
    for (let x = 0; x < width; x++) {
      const sx = x - left;
      if (sx < 0 || sx >= scaled.info.width) continue;
      scaled.data.copy(
        rgb,
        (y * width + x) * 3,
        (sy * scaled.info.width + sx) * 3,
        (sy * scaled.info.width + sx) * 3 + 3,
      );
    }
  }
  const planes = toI420(rgb, width, height);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  const frameMark = Buffer.from('FRAME\n');
  await fs.writeFile(out, Buffer.concat([header, frameMark, planes, frameMark, planes, frameMark, planes]));
}

/**
 * A video (in a new temporary folder) whose face sits where the face guide wants it: centred in the guide's
 * oval and a little shorter than it. `face` is the face box in the photo, e.g. from the pipeline's report.
 */
export async function writeFaceInGuideVideo(
  photo: string,
  face: FacePlacement['face'],
  frame = { width: 640, height: 480 },
): Promise<string> {
  const oval = guideOval(frame.width, frame.height);
  const video = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'tongpai-camera-')), 'face.y4m');
  await writeFakeCameraVideo(
    photo,
    { face, centre: { x: oval.cx, y: oval.cy }, height: 1.6 * oval.ry },
    video,
    frame,
  );
  return video;
}

/** JPEG's full-range BT.601 YCbCr, chroma averaged over each 2x2 block. */
function toI420(rgb: Buffer, width: number, height: number): Buffer {
  const luma = Buffer.alloc(width * height);
  const cw = width / 2;
  const ch = height / 2;
  const cb = Buffer.alloc(cw * ch);
  const cr = Buffer.alloc(cw * ch);
  const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 3;
      luma[y * width + x] = clamp(0.299 * rgb[p]! + 0.587 * rgb[p + 1]! + 0.114 * rgb[p + 2]!);
    }
  }
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
        [1, 1],
      ] as const) {
        const p = ((2 * y + dy) * width + 2 * x + dx) * 3;
        r += rgb[p]! / 4;
        g += rgb[p + 1]! / 4;
        b += rgb[p + 2]! / 4;
      }
      cb[y * cw + x] = clamp(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
      cr[y * cw + x] = clamp(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
    }
  }
  return Buffer.concat([luma, cb, cr]);
}
