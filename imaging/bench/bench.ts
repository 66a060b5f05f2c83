/**
 * npm run bench:imaging — latency and throughput of the photo pipeline on this machine (not a test).
 * Inputs: the test faces as they are (828x600 scans, 1350x1350 studio portraits) and 12-megapixel
 * versions of them (enlarged, JPEG q92 like a camera file). For each: detection alone (decode + detect),
 * measurement and checks (decode, detect, mesh, segmentation, capture measures, liveness, thresholds),
 * checks alone, and the full pipeline with every default profile; p50/p95 per photo, photos per second,
 * the full pipeline's stages, and the peak RSS of the process. The npm script sets MALLOC_ARENA_MAX=2, as
 * bin/tongpai-photo does and the worker should (glibc's per-thread arenas otherwise hold on to the pixel
 * buffers libvips frees from its threads).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { PerformanceObserver } from 'node:perf_hooks';
import path from 'node:path';
import { detectFaces } from '../face/detect';
import { scoreLiveness } from '../face/liveness';
import { measureFace } from '../face/measure';
import { decodeToSrgb, encodeJpeg, resizeRgb } from '../image/codec';
import { defaultUploadLimits, loadMaster } from '../image/load';
import { Pyramid } from '../image/pyramid';
import { createRgb } from '../image/raster';
import { openModels, type ModelSessions } from '../models/sessions';
import { createPhotoPipeline, type PhotoPipeline, type StageTimings } from '../pipeline';
import { defaultProfileIds, loadProfiles } from '../profiles/load';
import { measureCapture } from '../quality/capture';
import { masterChecks } from '../quality/checks';
import { modelsDir, testImages } from '../testing/fixtures';

const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const profiles = loadProfiles();

interface Sample {
  detectMs: number;
  measureChecksMs: number;
  checksMs: number;
  fullMs: number;
  /** Garbage-collection pauses on this thread during the full run. */
  gcMs: number;
  stages: StageTimings;
}

async function timeDetection(models: ModelSessions, master: Buffer): Promise<number> {
  const start = performance.now();
  const { image } = await loadMaster(master, defaultUploadLimits);
  await detectFaces(models, new Pyramid(image));
  return performance.now() - start;
}

async function timeMeasureAndChecks(
  models: ModelSessions,
  master: Buffer,
): Promise<{ total: number; checks: number }> {
  const start = performance.now();
  const { image } = await loadMaster(master, defaultUploadLimits);
  const pyramid = new Pyramid(image);
  const [face] = await detectFaces(models, pyramid);
  const m = await measureFace(models, pyramid, face!);
  const checksStart = performance.now();
  const capture = await measureCapture(pyramid, m);
  const liveness = await scoreLiveness(models, pyramid, face!.box);
  for (const id of defaultProfileIds)
    masterChecks(profiles.get(id), { faceCount: 1, measurements: m, capture, liveness, faceMargin: 1 });
  const end = performance.now();
  return { total: end - start, checks: end - checksStart };
}

/** Garbage-collection pauses of this thread so far (V8 reports each one after it ends). */
let gcPauseMs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcPauseMs += entry.duration;
}).observe({ entryTypes: ['gc'] });

/** RSS high-water mark sampled after each pipeline call (the process-wide peak also counts input preparation). */
let pipelineRss = 0;

async function run(models: ModelSessions, pipeline: PhotoPipeline, masters: Buffer[]): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const master of masters) {
      const detectMs = await timeDetection(models, master);
      const measured = await timeMeasureAndChecks(models, master);
      const start = performance.now();
      const gcBefore = gcPauseMs;
      const result = await pipeline.process(master);
      const fullMs = performance.now() - start;
      const gcMs = gcPauseMs - gcBefore;
      pipelineRss = Math.max(pipelineRss, process.memoryUsage().rss);
      // The first round warms up code paths and caches; it is not counted.
      if (round > 0 || rounds === 1) {
        samples.push({
          detectMs,
          measureChecksMs: measured.total,
          checksMs: measured.checks,
          fullMs,
          gcMs,
          stages: result.timings,
        });
      }
    }
  }
  return samples;
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))]!;
};
const fmt = (v: number) => v.toFixed(0).padStart(5);

function report(label: string, samples: Sample[]): void {
  const line = (name: string, values: number[]) => {
    const perSecond = (1000 * values.length) / values.reduce((a, b) => a + b, 0);
    console.log(
      `  ${name.padEnd(24)} p50 ${fmt(quantile(values, 0.5))} ms   p95 ${fmt(quantile(values, 0.95))} ms   ${perSecond.toFixed(1).padStart(5)} photos/s`,
    );
  };
  console.log(`\n${label} (${samples.length} photos)`);
  line(
    'detection alone',
    samples.map((s) => s.detectMs),
  );
  line(
    'measurement + checks',
    samples.map((s) => s.measureChecksMs),
  );
  line(
    'checks alone',
    samples.map((s) => s.checksMs),
  );
  line(
    'full, 5 profiles',
    samples.map((s) => s.fullMs),
  );
  const stages = Object.keys(samples[0]!.stages) as (keyof StageTimings)[];
  console.log(
    `  stages of the full run (p50): ${stages
      .map(
        (k) =>
          `${k.replace('Ms', '')} ${quantile(
            samples.map((s) => s.stages[k]),
            0.5,
          ).toFixed(0)} ms`,
      )
      .join(', ')}`,
  );
  const gc = samples.map((s) => s.gcMs);
  console.log(
    `  garbage-collection pauses in the full run: mean ${(gc.reduce((a, b) => a + b, 0) / gc.length).toFixed(1)} ms per photo`,
  );
}

/**
 * The machine's speed at the moment: YuNet alone on a fixed grey input, nothing else running. This
 * sandbox's 2 vCPUs run at different speeds from one half hour to the next (the same code has measured
 * 25 % apart), so each run prints this reference next to its figures.
 */
async function referenceMs(models: ModelSessions): Promise<number> {
  const input = createRgb(640, 640);
  input.data.fill(128);
  const times: number[] = [];
  for (let i = 0; i < 31; i++) {
    const start = performance.now();
    await models.infer('detector', input);
    times.push(performance.now() - start);
  }
  return quantile(times.slice(1), 0.5);
}

/** A 12-megapixel camera-like JPEG of the same scene. */
async function twelveMegapixel(master: Buffer): Promise<Buffer> {
  const image = await decodeToSrgb(master, defaultUploadLimits.maxPixels);
  const factor = Math.sqrt(12_000_000 / (image.width * image.height));
  const large = await resizeRgb(image, Math.round(image.width * factor), Math.round(image.height * factor));
  return encodeJpeg(large, 92);
}

async function main(): Promise<void> {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `machine: ${os.cpus().length} x ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, node ${process.version}, load average ${os
      .loadavg()
      .map((v) => v.toFixed(2))
      .join(' ')}, MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? '(glibc default)'}`,
  );
  const scans = testImages('faces')
    .filter((f) => f.endsWith('.jpg'))
    .map((f) => readFileSync(f)); // 828 x 600
  const studio = testImages('faces-hr')
    .filter((f) => path.basename(f).startsWith('london_'))
    .map((f) => readFileSync(f)); // 1350 x 1350
  // Prepared one at a time before anything is measured, so that preparing them adds little to the peak.
  const large: Buffer[] = [];
  for (const master of [...scans.slice(0, 4), ...studio.slice(0, 4)])
    large.push(await twelveMegapixel(master));
  const models = await openModels(modelsDir);
  const pipeline = await createPhotoPipeline({ modelsDir });

  const referenceBefore = await referenceMs(models);
  report('828x600 (NASA scans)', await run(models, pipeline, scans));
  report('1350x1350 (London studio set)', await run(models, pipeline, studio));
  report('12 MP (4 scans and 4 studio portraits enlarged, JPEG q92)', await run(models, pipeline, large));

  console.log(
    `\nreference (YuNet alone on a fixed input, p50): ${referenceBefore.toFixed(1)} ms before, ${(await referenceMs(models)).toFixed(1)} ms after`,
  );
  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
  console.log(
    `\nRSS: highest after a pipeline call ${mb(pipelineRss)} MB; peak of the whole process ${mb(process.resourceUsage().maxRSS * 1024)} MB`,
  );
  await pipeline.close();
  await models.release();
}

void main();
