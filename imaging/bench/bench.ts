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
import path from 'node:path';
import { detectFaces } from '../face/detect';
import { scoreLiveness } from '../face/liveness';
import { measureFace } from '../face/measure';
import { decodeToSrgb, encodeJpeg, resizeRgb } from '../image/codec';
import { defaultUploadLimits, loadMaster } from '../image/load';
import { Pyramid } from '../image/pyramid';
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
  stages: StageTimings;
}

async function timeDetection(models: ModelSessions, master: Buffer): Promise<number> {
  const start = performance.now();
  const { image } = await loadMaster(master, defaultUploadLimits);
  await detectFaces(models, await Pyramid.build(image));
  return performance.now() - start;
}

async function timeMeasureAndChecks(
  models: ModelSessions,
  master: Buffer,
): Promise<{ total: number; checks: number }> {
  const start = performance.now();
  const { image } = await loadMaster(master, defaultUploadLimits);
  const pyramid = await Pyramid.build(image);
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

/** RSS high-water mark sampled after each pipeline call (the process-wide peak also counts input preparation). */
let pipelineRss = 0;

async function run(models: ModelSessions, pipeline: PhotoPipeline, masters: Buffer[]): Promise<Sample[]> {
  const samples: Sample[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const master of masters) {
      const detectMs = await timeDetection(models, master);
      const measured = await timeMeasureAndChecks(models, master);
      const start = performance.now();
      const result = await pipeline.process(master);
      const fullMs = performance.now() - start;
      pipelineRss = Math.max(pipelineRss, process.memoryUsage().rss);
      // The first round warms up code paths and caches; it is not counted.
      if (round > 0 || rounds === 1) {
        samples.push({
          detectMs,
          measureChecksMs: measured.total,
          checksMs: measured.checks,
          fullMs,
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

  report('828x600 (NASA scans)', await run(models, pipeline, scans));
  report('1350x1350 (London studio set)', await run(models, pipeline, studio));
  report('12 MP (4 scans and 4 studio portraits enlarged, JPEG q92)', await run(models, pipeline, large));

  const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
  console.log(
    `\nRSS: highest after a pipeline call ${mb(pipelineRss)} MB; peak of the whole process ${mb(process.resourceUsage().maxRSS * 1024)} MB`,
  );
  await pipeline.close();
  await models.release();
}

void main();
