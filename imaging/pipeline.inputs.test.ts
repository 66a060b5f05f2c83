import path from 'node:path';
import { readFileSync } from 'node:fs';
import { ImagingError } from './errors';
import { createPhotoPipeline, type PhotoPipeline } from './pipeline';
import { defaultProfileIds } from './profiles/load';
import { modelsDir, testImage, testImages } from './testing/fixtures';

let pipeline: PhotoPipeline;

beforeAll(async () => {
  pipeline = await createPhotoPipeline({ modelsDir });
});

afterAll(() => pipeline.close());

describe('non-faces', () => {
  const nonFaces = testImages('nonfaces').filter((f) => !f.endsWith('skimage_camera.png'));

  it.each(nonFaces.map((f) => [path.basename(f), f]))(
    '%s yields the typed no-face error',
    async (_name, file) => {
      const err = await pipeline.process(readFileSync(file)).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ImagingError);
      expect(err).toMatchObject({ code: 'no_face', details: { faceCount: 0, faces: [], verdict: 'retake' } });
      expect((err as ImagingError).details!['check']).toMatchObject({
        id: 'single_face',
        value: 0,
        pass: false,
        severity: 'retake',
      });
      expect((err as ImagingError).messages.zh).toContain('人脸');
    },
  );

  it('skimage_camera (a person in profile) gives a pose failure and a retake, not a crash', async () => {
    const { report } = await pipeline.process(testImage('nonfaces/skimage_camera.png'));
    expect(report.faces).toHaveLength(1);
    expect(report.verdict).toBe('retake');
    for (const id of defaultProfileIds) {
      const yaw = report.profiles[id]!.checks.find((c) => c.id === 'yaw')!;
      expect(yaw).toMatchObject({ pass: false, severity: 'retake' });
      expect(Math.abs(yaw.value)).toBeGreaterThan(10);
      expect(yaw.message.en).toMatch(/turn it slightly to your (left|right)/);
      expect(yaw.message.zh).toMatch(/请将头稍向(左|右)转/);
    }
  });
});

describe('the report and the outputs', () => {
  it('renders every default profile, marks a retake as unusable, and is plain JSON', async () => {
    const { report, renders, preview } = await pipeline.process(testImage('faces/nasa_aldrin.jpg'));
    expect(Object.keys(report.profiles)).toEqual(defaultProfileIds);
    expect(report.verdict).toBe('retake');
    expect(report.renderedDespiteRetake).toBe(true);
    for (const id of defaultProfileIds) {
      expect(renders[id]).toBeInstanceOf(Buffer);
      expect(report.profiles[id]).toMatchObject({ status: 'rendered', usable: false, verdict: 'retake' });
    }
    expect(report.failing.length).toBeGreaterThan(0);
    for (const f of report.failing) expect(f.message.zh.length * f.message.en.length).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
    expect(preview.subarray(1, 4).toString('latin1')).toBe('PNG');
  }, 60_000);

  it('a clean studio portrait passes every check of every default profile', async () => {
    const { report } = await pipeline.process(testImage('faces-hr/london_107_neutral.jpg'));
    expect(report.failing).toEqual([]);
    expect(report.verdict).toBe('pass');
    for (const entry of Object.values(report.profiles)) {
      for (const check of entry.checks) {
        expect(check).toMatchObject({ pass: true, severity: null });
        expect(check.threshold.pass).toBeDefined();
      }
    }
  }, 60_000);

  it('same input and settings give byte-identical photos, preview and report, also under concurrent calls', async () => {
    const master = testImage('faces-hr/london_002_neutral.jpg');
    const options = { profiles: ['id_card', 'face_compare', 'nco_military'] };
    const [a, b, c] = await Promise.all([
      pipeline.process(master, options),
      pipeline.process(master, options),
      pipeline.process(master, options),
    ]);
    const again = await pipeline.process(master, options);
    for (const other of [b, c, again]) {
      for (const id of options.profiles) expect(other.renders[id]!.equals(a.renders[id]!)).toBe(true);
      expect(other.preview.equals(a.preview)).toBe(true);
      expect(JSON.stringify(other.report)).toBe(JSON.stringify(a.report));
    }
  }, 120_000);

  it('a closed pipeline refuses work', async () => {
    const closing = await createPhotoPipeline({ modelsDir });
    await closing.close();
    await expect(closing.process(testImage('faces/nasa_aldrin.jpg'))).rejects.toMatchObject({
      code: 'pipeline_closed',
    });
  });

  it('bad bytes are refused before any model runs', async () => {
    await expect(pipeline.process(Buffer.from('not an image'))).rejects.toMatchObject({
      code: 'not_an_image',
    });
    await expect(
      pipeline.process(testImage('faces/nasa_aldrin.jpg'), { profiles: ['passport_us'] }),
    ).rejects.toMatchObject({
      code: 'profile_unknown',
    });
  });
});
