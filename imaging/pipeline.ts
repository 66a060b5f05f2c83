/**
 * The photo pipeline: one master in, every requested standard photo, the quality report and a preview out.
 * Decode once; every stage reads the same oriented pixels (through one pyramid). Sessions and profiles
 * are loaded once per pipeline; `process` keeps no state between calls, so concurrent calls are safe.
 */
import { ImagingError } from './errors';
import { detectFaces, detectorInput, type Detection } from './face/detect';
import * as lm from './face/landmarks';
import { scoreLiveness } from './face/liveness';
import { measureFace, type Measurements } from './face/measure';
import { round } from './geometry';
import { defaultUploadLimits, loadMaster, type UploadLimits } from './image/load';
import { Pyramid, type ReducedSource } from './image/pyramid';
import { type RgbImage } from './image/raster';
import { openModels } from './models/sessions';
import { defaultProfileIds, loadProfiles, type ProfileSet } from './profiles/load';
import { type Profile } from './profiles/schema';
import { measureCapture } from './quality/capture';
import { evaluate, masterChecks, type CheckInputs } from './quality/checks';
import { encodeProfilePhoto, type EncodedPhoto } from './render/encode';
import { previewBase, renderPreview } from './render/preview';
import { blendEdges, photoCover } from './render/background';
import { buildSharedMatte, hexToRgb, matteFrameFor, type SharedMatte } from './render/render';
import { solveCrop, type CropPlan, type FaceGeometry } from './render/solve';
import { faceReport, measurementsReport, notRendered, renderedReport } from './profile-report';
import { reportVersion, type PhotoReport, type ProfileReport } from './report';
import { verdictFor } from './verdict';

export interface PipelineOptions {
  modelsDir: string;
  /** Folder whose profile files override or add to the shipped ones. */
  profilesDir?: string;
  limits?: UploadLimits;
}

export interface ProcessOptions {
  /** Profile ids (or `<id>@<variant>`); default: id_card, exit_entry, driving_licence, face_compare, icao. */
  profiles?: string[];
  /**
   * The profiles the case needs (its requested documents): the report's verdict is the worst over these
   * only. Any not among `profiles` are processed too. Default: every processed profile.
   */
  documents?: string[];
}

/**
 * Wall-clock laps of `process`, in order; they add up to its duration. libvips draws the preview and
 * encodes the photos on its own threads while the later stages run here, so `encodeMs` is what is left to
 * wait for the last photo after the checks, and `previewMs` what is left for the preview after that.
 */
export interface StageTimings {
  decodeMs: number;
  detectMs: number;
  measureMs: number;
  /** The matte and every photo's pixels. */
  composeMs: number;
  checksMs: number;
  encodeMs: number;
  previewMs: number;
}

export interface PipelineResult {
  /** Exactly what report.json holds. */
  report: PhotoReport;
  /** JPEG per rendered profile id. */
  renders: Record<string, Buffer>;
  preview: Buffer;
  /** Wall-clock time per stage (not part of the report, which is deterministic). */
  timings: StageTimings;
}

export interface PhotoPipeline {
  readonly profiles: ProfileSet;
  process(master: Buffer, options?: ProcessOptions): Promise<PipelineResult>;
  close(): Promise<void>;
}

/** Smallest distance from the face oval to the master's edges, in face widths (negative: cut off). */
export function faceMargin(m: Measurements, width: number, height: number): number {
  let margin = Infinity;
  for (const i of lm.faceOval) {
    const p = m.mesh.points[i]!;
    margin = Math.min(margin, p.x, p.y, width - 1 - p.x, height - 1 - p.y);
  }
  return margin / m.faceWidth;
}

function faceGeometry(m: Measurements, width: number, height: number): FaceGeometry {
  return {
    ...m.levelled,
    faceWidth: m.faceWidth,
    headWidth: m.headWidth,
    headHeight: m.headHeight,
    interEyeDistance: m.interEyeDistance,
    masterToLevelled: m.masterToLevelled,
    masterWidth: width,
    masterHeight: height,
  };
}

/**
 * A photo's pixels: the warp of its reduced region, laid over the new background when the profile replaces
 * it (then only the pixels that are wholly the person are warped).
 */
function photoPixels(
  pyramid: Pyramid,
  source: ReducedSource,
  plan: CropPlan,
  profile: Profile,
  matte: SharedMatte | undefined,
): RgbImage {
  if (profile.background.mode === 'keep') return pyramid.warp(source, plan.width, plan.height);
  if (!matte) throw new Error('a replaced background needs the shared matte');
  const cover = photoCover(plan, matte);
  const fill = hexToRgb(profile.background.colour);
  const image = pyramid.warp(source, plan.width, plan.height, { only: cover.cover, fill });
  return blendEdges(image, cover, fill, matte);
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Marks a promise that is awaited later as handled, so that an earlier failure cannot go unobserved. */
function started<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

export async function createPhotoPipeline(options: PipelineOptions): Promise<PhotoPipeline> {
  const profiles = loadProfiles(options.profilesDir);
  const models = await openModels(options.modelsDir);
  const limits = options.limits ?? defaultUploadLimits;
  let closed = false;

  async function processMaster(buffer: Buffer, processOptions: ProcessOptions = {}): Promise<PipelineResult> {
    if (closed) throw new ImagingError('pipeline_closed');
    const requested = processOptions.profiles ?? defaultProfileIds;
    const documents = processOptions.documents ?? requested;
    const selected = [...new Set([...requested, ...documents])].map((id) => profiles.get(id));
    const clock = { at: performance.now() };
    const lap = () => {
      const now = performance.now();
      const ms = now - clock.at;
      clock.at = now;
      return round(ms, 1);
    };

    const { info, image } = await loadMaster(buffer, limits);
    const pyramid = new Pyramid(image);
    const decodeMs = lap();

    // The detector's input first, alone on libvips; the pyramid's levels and the preview's base are then
    // made on the core the detector leaves idle.
    const input = await detectorInput(pyramid);
    pyramid.buildLevels();
    const previewResized = started(previewBase(pyramid));
    const detections = await detectFaces(models, pyramid, input);
    const detectMs = lap();
    if (detections.length !== 1) {
      const faces = detections.map(faceReport);
      const count = detections.length;
      const check = evaluate('single_face', count, profiles.checkDefaults.single_face);
      const details = { faceCount: count, faces, verdict: 'retake', check };
      throw new ImagingError(count === 0 ? 'no_face' : 'multiple_faces', { count }, details);
    }
    const [detection] = detections as [Detection];

    // The presentation-attack models need only the box: they run on their own inference thread while
    // the face is measured.
    const livenessScored = started(scoreLiveness(models, pyramid, detection.box));
    const m = await measureFace(models, pyramid, detection);
    const measureMs = lap();

    // Crops first (cheap, and they need only the measurements), so that libvips can start on everything
    // that depends on nothing else: the preview, the region reductions of every photo and of the matte's
    // frame. It works on its threads while this one builds the matte.
    const geometry = faceGeometry(m, image.width, image.height);
    const solved = selected.map((p) => solveCrop(p, geometry));
    const plans = solved.map((s) => (s.feasible ? s.plan : undefined));
    const previewDrawn = started(
      renderPreview(
        previewResized,
        image,
        m,
        selected.flatMap((p, k) => (plans[k] ? [{ id: p.id, plan: plans[k] }] : [])),
      ),
    );
    const sources = plans.map((plan) =>
      plan ? started(pyramid.reduce(plan.masterToOutput, plan.width, plan.height)) : undefined,
    );
    const replaces = selected.map((p) => p.background.mode === 'replace');
    const replaced = plans.filter((plan, k): plan is CropPlan => plan !== undefined && replaces[k]!);
    const frame = replaced.length ? matteFrameFor(m, replaced) : undefined;
    const matteSource = frame && {
      frame,
      source: started(pyramid.reduce(frame.masterToFrame, frame.width, frame.height)),
    };

    // Each photo is encoded (libvips) as soon as its pixels exist, while the next one is composed here: the
    // photos that keep their background first (they need no matte), then the matte, then the others. A
    // bisection needs this thread between its encodings, so each photo ends with a turn of the event loop.
    const encodings: (Promise<EncodedPhoto> | undefined)[] = [];
    const order = [...selected.keys()].sort((p, q) => Number(replaces[p]) - Number(replaces[q]));
    let matte: SharedMatte | undefined;
    for (const k of order) {
      const plan = plans[k];
      const profile = selected[k]!;
      if (!plan) continue;
      if (replaces[k] && !matte && matteSource) {
        const { frame: matteFrame, source } = matteSource;
        matte = buildSharedMatte(
          m,
          matteFrame,
          pyramid.warp(await source, matteFrame.width, matteFrame.height),
        );
      }
      const pixels = photoPixels(pyramid, await sources[k]!, plan, profile, matte);
      encodings[k] = started(encodeProfilePhoto(pixels, profile));
      await nextTurn();
    }
    const composeMs = lap();

    // The checks need none of the photos: measured here while libvips encodes the last of them.
    const capture = await measureCapture(pyramid, m);
    const liveness = await livenessScored;
    const inputs: CheckInputs = {
      faceCount: 1,
      measurements: m,
      capture,
      liveness,
      faceMargin: faceMargin(m, image.width, image.height),
    };
    const common = new Map(selected.map((p) => [p.id, masterChecks(p, inputs)]));
    const checksMs = lap();

    const encoded = await Promise.all(encodings);
    const encodeMs = lap();

    const preview = await previewDrawn;
    const previewMs = lap();

    const profileReports: Record<string, ProfileReport> = {};
    const renders: Record<string, Buffer> = {};
    selected.forEach((profile, k) => {
      const solution = solved[k]!;
      const checks = common.get(profile.id)!;
      if (!solution.feasible) {
        profileReports[profile.id] = notRendered(profile, solution, checks);
        return;
      }
      const photo = encoded[k]!;
      profileReports[profile.id] = renderedReport(profile, solution.plan, photo, m, checks);
      renders[profile.id] = photo.jpeg;
    });
    const verdict = verdictFor({ profiles: profileReports }, documents);
    const failing = Object.entries(profileReports).flatMap(([profile, r]) =>
      r.checks
        .filter((c) => !c.pass)
        .map((c) => ({ profile, id: c.id, severity: c.severity, message: c.message })),
    );
    const report: PhotoReport = {
      version: reportVersion,
      input: info,
      faces: detections.map(faceReport),
      measurements: measurementsReport(m, capture, liveness, inputs.faceMargin),
      verdict,
      verdictDocuments: [...documents],
      renderedDespiteRetake: verdict === 'retake' && Object.keys(renders).length > 0,
      failing,
      profiles: profileReports,
    };
    return {
      report,
      renders,
      preview,
      timings: { decodeMs, detectMs, measureMs, composeMs, checksMs, encodeMs, previewMs },
    };
  }

  return {
    profiles,
    process: processMaster,
    async close() {
      if (closed) return;
      closed = true;
      await models.release();
    },
  };
}
