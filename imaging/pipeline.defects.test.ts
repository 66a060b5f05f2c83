/**
 * Synthetic defects made from clean faces: each must fail the check it concerns, with the expected
 * severity, and drive the verdict.
 */
import { ImagingError } from './errors';
import { detectFaces } from './face/detect';
import { encodeJpeg, resizeRgb } from './image/codec';
import { loadMaster } from './image/load';
import { Pyramid } from './image/pyramid';
import { type RgbImage } from './image/raster';
import { openModels } from './models/sessions';
import { createPhotoPipeline, type PhotoPipeline, type PipelineResult } from './pipeline';
import { defaultProfileIds } from './profiles/load';
import { type Verdict } from './quality/checks';
import { hexToRgb } from './render/render';
import {
  addNoise,
  blur,
  cropRegion,
  exposure,
  motionBlur,
  paintWhere,
  placeOnCanvas,
  printRecapture,
  rotate,
  screenRecapture,
  sideBySide,
} from './testing/defects';
import { asPng, decodeTestImage, modelsDir } from './testing/fixtures';
import { remeasure } from './testing/recheck';
import { verdictFor } from './verdict';

let pipeline: PhotoPipeline;
/** london_107 at half size (675 x 675, face about 240 px wide): clean, and quick to alter. */
let clean: RgbImage;
let lightSkin: RgbImage;

beforeAll(async () => {
  pipeline = await createPhotoPipeline({ modelsDir });
  clean = await resizeRgb(await decodeTestImage('faces-hr/london_107_neutral.jpg'), 675, 675);
  lightSkin = await resizeRgb(await decodeTestImage('faces-hr/london_002_neutral.jpg'), 675, 675);
});

afterAll(() => pipeline.close());

const run = async (image: RgbImage, profiles = defaultProfileIds) =>
  pipeline.process(await asPng(image), { profiles });

function check(result: PipelineResult, profile: string, id: string) {
  const found = result.report.profiles[profile]!.checks.find((c) => c.id === id);
  if (!found) throw new Error(`${profile} has no ${id} check`);
  return found;
}

function expectFailure(
  result: PipelineResult,
  id: string,
  severity: 'retake' | 'review',
  verdict: Verdict,
  profiles = defaultProfileIds,
) {
  for (const profile of profiles) {
    expect({ profile, ...check(result, profile, id) }).toMatchObject({ profile, pass: false, severity });
  }
  expect(result.report.verdict).toBe(verdict);
  expect(result.report.failing.some((f) => f.id === id)).toBe(true);
}

/** The light, nearly grey pixels of a studio photo: its backdrop (the person is darker or coloured). */
const lightBackdrop = (image: RgbImage) => (x: number, y: number) => {
  const i = (y * image.width + x) * 3;
  const [r, g, b] = [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!];
  return Math.max(r, g, b) - Math.min(r, g, b) < 14 && r > 150;
};

/** The checks the defects below must trip. */
const underTest = [
  'roll',
  'luminance_mean',
  'dynamic_range',
  'over_exposure',
  'sharpness',
  'noise',
  'eyes_visible',
  'compression_artefacts',
  'background_colour',
  'source_resolution',
  'inter_eye_distance',
  'face_crop',
  'presentation_attack',
  'recapture_pattern',
];

it('the clean bases pass every check the defects concern', async () => {
  for (const base of [clean, lightSkin]) {
    const result = await run(base, ['id_card', 'exit_entry', 'driving_licence']);
    expect(result.report.failing.filter((f) => underTest.includes(f.id))).toEqual([]);
    expect(result.report.verdict).toBe('pass');
  }
}, 60_000);

it('rotated 10 degrees: roll fails (retake), and the photos come out levelled', async () => {
  const result = await run(rotate(lightSkin, 10));
  expectFailure(result, 'roll', 'retake', 'retake');
  expect(Math.abs(check(result, 'id_card', 'roll').value)).toBeGreaterThan(8);
  const models = await openModels(modelsDir);
  try {
    expect(Math.abs((await remeasure(models, result.renders['id_card']!)).roll)).toBeLessThan(3);
  } finally {
    await models.release();
  }
}, 60_000);

it('darkened 3.3 stops: contrast fails (retake); near black: face brightness fails too, with the advice to add light', async () => {
  expectFailure(await run(exposure(clean, 0.1)), 'dynamic_range', 'retake', 'retake');
  const result = await run(exposure(clean, 0.02));
  expectFailure(result, 'luminance_mean', 'retake', 'retake');
  expect(check(result, 'id_card', 'luminance_mean').message.en).toMatch(/too dark/);
  expect(check(result, 'id_card', 'luminance_mean').message.zh).toMatch(/太暗/);
}, 60_000);

it('over-exposed: blown-out face fails (retake)', async () => {
  const result = await run(exposure(lightSkin, 3.5));
  expectFailure(result, 'over_exposure', 'retake', 'retake');
  expect(check(result, 'id_card', 'luminance_mean').message.en).toMatch(/too bright/);
}, 60_000);

it('over-exposed darker skin (+1.8 stops): the face is not white, but its red channel is blown out: over-exposure fails (retake)', async () => {
  const darker = await resizeRgb(await decodeTestImage('faces-hr/london_024_neutral.jpg'), 675, 675);
  expect(check(await run(darker, ['id_card']), 'id_card', 'over_exposure').pass).toBe(true);
  const result = await run(exposure(darker, 3.5), ['id_card']);
  expectFailure(result, 'over_exposure', 'retake', 'retake', ['id_card']);
  expect(check(result, 'id_card', 'luminance_mean').pass).toBe(true);
}, 60_000);

it('blurred: sharpness fails (retake)', async () => {
  const result = await run(blur(clean, 6));
  expectFailure(result, 'sharpness', 'retake', 'retake');
}, 60_000);

it('motion-blurred (a smear 5 % of the face width long): sharpness fails (retake), noise does not', async () => {
  const faceWidth = (await run(clean, ['id_card'])).report.measurements.faceWidth;
  const result = await run(motionBlur(clean, 0.05 * faceWidth, 20));
  expectFailure(result, 'sharpness', 'retake', 'retake');
  expect(check(result, 'id_card', 'noise').pass).toBe(true);
}, 60_000);

it('noisy (sensor noise, sigma 24): noise fails (retake); the noise does not pass for sharpness either way', async () => {
  const result = await run(addNoise(clean, 24, 7));
  expectFailure(result, 'noise', 'retake', 'retake');
  expect(check(result, 'id_card', 'sharpness').pass).toBe(true);
  expect(check(result, 'id_card', 'noise').message.en).toMatch(/noisy/);
}, 60_000);

it('a dark band over both eyes (sunglasses): eyes_visible fails (retake), the eyes still count as open', async () => {
  const { rightEye, leftEye, interEyeDistance: d } = (await run(clean, ['id_card'])).report.measurements;
  const band = (x: number, y: number) =>
    x > rightEye.x - 0.45 * d &&
    x < leftEye.x + 0.45 * d &&
    Math.abs(y - (rightEye.y + leftEye.y) / 2) < 0.22 * d;
  const result = await run(paintWhere(clean, band, [24, 24, 28]));
  expectFailure(result, 'eyes_visible', 'retake', 'retake');
  expect(check(result, 'id_card', 'eyes_visible').message.en).toMatch(/cannot be seen/);
}, 60_000);

it('heavy JPEG compression: compression artefacts fail (retake)', async () => {
  const compressed = (await loadMaster(await encodeJpeg(clean, 6), { maxBytes: 1e7, maxPixels: 1e7 })).image;
  const result = await run(compressed);
  expectFailure(result, 'compression_artefacts', 'retake', 'retake');
  // The blocks' own spectral peaks are not held against the photo as a recapture pattern.
  expect(check(result, 'id_card', 'recapture_pattern')).toMatchObject({ pass: true });
}, 60_000);

it('coloured background: flagged (retake where it is kept, review where it is replaced); the replaced photo is still white', async () => {
  const neutralLight = lightBackdrop(clean);
  const result = await run(paintWhere(clean, neutralLight, [40, 110, 220]));
  expectFailure(result, 'background_colour', 'retake', 'retake', ['face_compare']);
  expectFailure(result, 'background_colour', 'review', 'retake', ['id_card', 'exit_entry', 'icao']);
  const { image } = await loadMaster(result.renders['id_card']!, { maxBytes: 1e7, maxPixels: 1e7 });
  const white = hexToRgb('#FFFFFF');
  for (const x of [2, 100, 180, 250, 355]) {
    const at = (2 * image.width + x) * 3;
    for (let c = 0; c < 3; c++) expect(Math.abs(image.data[at + c]! - white[c]!)).toBeLessThanOrEqual(6);
  }
}, 60_000);

it('a door behind the subject: the kept background sends face_compare to retake, but a case that needs only the ID card is judged on the ID card', async () => {
  // A dark wooden door in the light background, to the subject's side, from near the top to the bottom.
  const door = (x: number, y: number) => x >= 20 && x < 190 && y >= 40;
  const neutralLight = lightBackdrop(clean);
  const master = await asPng(paintWhere(clean, (x, y) => door(x, y) && neutralLight(x, y), [92, 58, 36]));
  const everything = await pipeline.process(master);
  expect(everything.report.profiles['face_compare']!.verdict).toBe('retake');
  expect(everything.report.verdict).toBe('retake');
  expect(everything.report.verdictDocuments).toEqual(defaultProfileIds);

  const idCardOnly = await pipeline.process(master, { documents: ['id_card'] });
  expect(idCardOnly.report.verdictDocuments).toEqual(['id_card']);
  expect(idCardOnly.report.verdict).toBe(idCardOnly.report.profiles['id_card']!.verdict);
  expect(idCardOnly.report.verdict).not.toBe('retake');
  expect(idCardOnly.report.renderedDespiteRetake).toBe(false);
  // Every processed profile keeps its own verdict, face_compare's retake included.
  expect(idCardOnly.report.profiles['face_compare']!.verdict).toBe('retake');
  expect(verdictFor(everything.report, ['id_card', 'exit_entry'])).toBe(idCardOnly.report.verdict);
}, 60_000);

it('a door as dark as the backdrop behind it: the background’s brightness hardly varies, its colour does: background_objects fails (retake where the background is kept, review where it is replaced); the plain dark backdrop passes', async () => {
  const neutralLight = lightBackdrop(clean);
  // A slate-grey backdrop (luma 62) and a wooden door beside the head of nearly the same luma (66).
  const dark = paintWhere(clean, neutralLight, [60, 62, 70]);
  const plain = await run(dark, ['id_card', 'face_compare']);
  expect(check(plain, 'id_card', 'background_objects').pass).toBe(true);
  expect(check(plain, 'face_compare', 'background_objects').pass).toBe(true);
  const door = (x: number, y: number) => x >= 20 && x < 190 && y >= 40 && neutralLight(x, y);
  const result = await run(paintWhere(dark, door, [92, 58, 36]), ['id_card', 'face_compare']);
  expectFailure(result, 'background_objects', 'retake', 'retake', ['face_compare']);
  expectFailure(result, 'background_objects', 'review', 'retake', ['id_card']);
  expect(check(result, 'id_card', 'background_uniformity').pass).toBe(true);
  expect(check(result, 'id_card', 'background_objects').message.en).toMatch(/beside the head/);
  expect(check(result, 'id_card', 'background_objects').message.zh).toMatch(/头部旁边/);
}, 60_000);

it('light behind the person (the face 4.3 stops darker than the backdrop): face-to-background balance fails (review), with the advice to light the face from the front', async () => {
  const neutralLight = lightBackdrop(clean);
  const darkened = exposure(clean, 0.05);
  const data = darkened.data.map((v, i) => {
    const p = Math.floor(i / 3);
    return neutralLight(p % clean.width, Math.floor(p / clean.width)) ? clean.data[i]! : v;
  });
  const result = await run({ ...darkened, data }, ['id_card']);
  expectFailure(result, 'exposure_balance', 'review', result.report.verdict, ['id_card']);
  expect(check(result, 'id_card', 'exposure_balance').message.en).toMatch(/light the face from the front/);
}, 60_000);

it('two faces side by side: the typed several-faces error with the count and both boxes', async () => {
  const err = await run(sideBySide(clean)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ImagingError);
  expect(err).toMatchObject({ code: 'multiple_faces', details: { faceCount: 2, verdict: 'retake' } });
  const faces = (err as ImagingError).details!['faces'] as { box: { x: number } }[];
  expect(faces).toHaveLength(2);
  expect(Math.abs(faces[0]!.box.x - faces[1]!.box.x)).toBeGreaterThan(500);
  expect((err as ImagingError).messages.en).toContain('2 faces');
}, 60_000);

it('a tiny face: resolution and inter-eye distance fail (retake)', async () => {
  const tiny = placeOnCanvas(clean, 1200, 1200, 0.28, 500, 420, [200, 200, 200]);
  const result = await run(tiny);
  expectFailure(result, 'source_resolution', 'retake', 'retake');
  expectFailure(result, 'inter_eye_distance', 'retake', 'retake');
  expect(check(result, 'id_card', 'source_resolution').message.en).toMatch(/move the camera closer/);
}, 60_000);

it('the face cut off at the frame: face crop fails (retake)', async () => {
  const pyramid = new Pyramid(clean);
  const models = await openModels(modelsDir);
  const [face] = await detectFaces(models, pyramid);
  await models.release();
  const cutAt = Math.round(face!.box.x + face!.box.width * 0.3); // the left 30 % of the face is lost
  const result = await run(cropRegion(clean, cutAt, 0, clean.width - cutAt, clean.height));
  expectFailure(result, 'face_crop', 'retake', 'retake');
}, 60_000);

describe('faces that must not be sent back', () => {
  /** Checks that read the skin or the capture: none may fail for a well-exposed face of any tone. */
  const captureChecks = [
    'luminance_mean',
    'exposure_balance',
    'over_exposure',
    'under_exposure',
    'dynamic_range',
    'sharpness',
    'noise',
    'eyes_visible',
    'natural_colour',
    'colour_cast',
    'mouth_closed',
  ];
  const failingCapture = (result: PipelineResult) =>
    result.report.profiles['id_card']!.checks.filter((c) => !c.pass && captureChecks.includes(c.id));

  it('a dark-skinned man, well exposed in the studio, passes every capture check, and so does a mildly darker exposure', async () => {
    const darkSkin = await resizeRgb(await decodeTestImage('faces-hr/london_062_neutral.jpg'), 675, 675);
    for (const image of [darkSkin, exposure(darkSkin, 0.7)]) {
      const result = await run(image, ['id_card']);
      expect(failingCapture(result)).toEqual([]);
      expect(result.report.verdict).not.toBe('retake');
    }
  }, 60_000);

  it('full lips, closed: mouth_closed passes (the inner-lip gap is small beside the lips’ thickness)', async () => {
    const fullLips = await resizeRgb(await decodeTestImage('faces-hr/london_025_neutral.jpg'), 675, 675);
    const result = await run(fullLips, ['id_card']);
    expect(check(result, 'id_card', 'mouth_closed')).toMatchObject({ pass: true });
    expect(failingCapture(result)).toEqual([]);
  }, 60_000);
});

describe('presentation attacks (threshold calibrated in imaging/bench/calibrate-pad.ts)', () => {
  let full: RgbImage;
  beforeAll(async () => {
    full = await decodeTestImage('faces-hr/london_107_neutral.jpg');
  });

  it.each([
    ['a photo of a screen (moire)', () => screenRecapture(full)],
    ['a photo of a printed photo (halftone)', () => printRecapture(clean)],
  ])(
    '%s: the presentation-attack check fails, as a review, never as the reason for a retake',
    async (_name, attack) => {
      const result = await run(attack());
      expectFailure(result, 'presentation_attack', 'review', result.report.verdict);
      expect(result.report.verdict).not.toBe('pass');
      expect(check(result, 'id_card', 'presentation_attack').message.en).toMatch(
        /photo of a photo or of a screen/,
      );
      // The second cue: the screen's or the print's pattern in the colour spectrum (review, too).
      expect(check(result, 'id_card', 'recapture_pattern')).toMatchObject({
        pass: false,
        severity: 'review',
      });
      expect(check(result, 'id_card', 'recapture_pattern').message.en).toMatch(
        /pattern of a screen or a print/,
      );
    },
    120_000,
  );
});
