/**
 * The photo pipeline: one master in, every requested standard photo, the quality report and a preview out.
 * Decode once; every stage reads the same oriented pixels (through one pyramid). Sessions and profiles
 * are loaded once per pipeline; `process` keeps no state between calls, so concurrent calls are safe.
 */
import { ImagingError } from './errors';
import { detectFaces, type Detection } from './face/detect';
import * as lm from './face/landmarks';
import { scoreLiveness } from './face/liveness';
import { measureFace, type Measurements } from './face/measure';
import { round, type Point } from './geometry';
import { defaultUploadLimits, loadMaster, type UploadLimits } from './image/load';
import { Pyramid } from './image/pyramid';
import { openModels } from './models/sessions';
import { defaultProfileIds, loadProfiles, type ProfileSet } from './profiles/load';
import { type Profile } from './profiles/schema';
import { measureCapture } from './quality/capture';
import {
  evaluate,
  masterChecks,
  verdictOf,
  worstVerdict,
  type CheckInputs,
  type CheckResult,
} from './quality/checks';
import { bytesPerKb, encodeProfilePhoto } from './render/encode';
import { renderPreview, type PreviewCrop } from './render/preview';
import { buildSharedMatte, renderPixels, type SharedMatte } from './render/render';
import { solveCrop, type FaceGeometry, type RuleResult, type SolveResult } from './render/solve';
import { reportVersion, type FaceReport, type PhotoReport, type ProfileReport } from './report';

export interface PipelineOptions {
  modelsDir: string;
  /** Folder whose profile files override or add to the shipped ones. */
  profilesDir?: string;
  limits?: UploadLimits;
}

export interface ProcessOptions {
  /** Profile ids (or `<id>@<variant>`); default: id_card, exit_entry, driving_licence, face_compare, icao. */
  profiles?: string[];
}

export interface StageTimings {
  decodeMs: number;
  detectMs: number;
  measureMs: number;
  checksMs: number;
  renderMs: number;
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

const roundPoint = (p: Point): Point => ({ x: round(p.x), y: round(p.y) });

function faceReport(d: Detection): FaceReport {
  return {
    box: { x: round(d.box.x), y: round(d.box.y), width: round(d.box.width), height: round(d.box.height) },
    score: round(d.score, 3),
    landmarks: d.landmarks.map(roundPoint),
  };
}

/** Smallest distance from the face oval to the master's edges, in face widths (negative: cut off). */
function faceMargin(m: Measurements, width: number, height: number): number {
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

const ruleNames: Record<string, { zh: string; en: string }> = {
  face_width: { zh: '脸宽', en: 'face width' },
  head_width: { zh: '头宽', en: 'head width' },
  head_height: { zh: '头高', en: 'head height' },
  inter_eye_distance: { zh: '两眼间距', en: 'inter-eye distance' },
  crown_margin: { zh: '头顶距上边', en: 'crown margin' },
  eye_line_from_bottom: { zh: '眼线距下边', en: 'eye line height' },
  chin_margin: { zh: '下巴距下边', en: 'chin margin' },
};

function describeRules(rules: RuleResult[]) {
  const unmet = rules.filter((r) => !r.met);
  const range = (r: RuleResult) => `${r.min ?? ''}-${r.max ?? ''}`;
  return {
    zh: unmet.map((r) => `${ruleNames[r.measure]!.zh} ${r.value} px（要求 ${range(r)}）`).join('；'),
    en: unmet.map((r) => `${ruleNames[r.measure]!.en} ${r.value} px (needs ${range(r)})`).join('; '),
  };
}

const edgeNames: Record<string, { zh: string; en: string }> = {
  top: { zh: '头顶上方', en: 'above the head' },
  bottom: { zh: '下方', en: 'below the chin' },
  left: { zh: '左侧', en: 'on the left' },
  right: { zh: '右侧', en: 'on the right' },
};

async function renderProfile(
  profile: Profile,
  solved: SolveResult,
  pyramid: Pyramid,
  m: Measurements,
  matte: SharedMatte | undefined,
  common: CheckResult[],
): Promise<{ report: ProfileReport; jpeg?: Buffer; crop?: PreviewCrop }> {
  if (!solved.feasible) {
    const where = solved.edges.map((e) => edgeNames[e]!);
    const reason = {
      zh: `原片${where.map((w) => w.zh).join('、') || '周围'}的画面不够，保留原背景时无法按此规格裁剪：请拍摄时留出更多空间。`,
      en: `The master does not reach far enough ${where.map((w) => w.en).join(', ') || 'around the face'} to crop this profile with its original background: leave more room around the head.`,
    };
    const geometryCheck = {
      ...evaluate('crop_geometry', solved.unmet.length, profile.checks.crop_geometry),
      severity: 'retake' as const,
      message: reason,
    };
    return {
      report: {
        status: 'not_rendered',
        name: profile.name,
        verdict: 'retake',
        usable: false,
        reason,
        unmetRules: solved.unmet,
        checks: [...common, geometryCheck],
      },
    };
  }
  const { plan } = solved;
  const pixels = await renderPixels(pyramid, plan, profile, matte);
  const encoded = await encodeProfilePhoto(pixels, profile);
  const unmet = plan.rules.filter((r) => !r.met);
  const checks: CheckResult[] = [
    ...common,
    evaluate('source_resolution', plan.scale, profile.checks.source_resolution),
    evaluate('crop_geometry', unmet.length, profile.checks.crop_geometry, {
      profileName: profile.name,
      detail: describeRules(plan.rules),
    }),
  ];
  const kb = profile.output.kb;
  if (kb) {
    checks.push(
      evaluate('file_size', encoded.bytes / bytesPerKb, {
        pass: { min: kb.min, max: kb.max },
        severity: 'review',
      }),
    );
  }
  const verdict = verdictOf(checks);
  return {
    jpeg: encoded.jpeg,
    crop: { id: profile.id, plan },
    report: {
      status: 'rendered',
      name: profile.name,
      verdict,
      usable: verdict !== 'retake',
      file: `${profile.id}.jpg`,
      width: plan.width,
      height: plan.height,
      dpi: profile.output.dpi,
      bytes: encoded.bytes,
      kb: round(encoded.bytes / bytesPerKb, 2),
      jpegQuality: encoded.quality,
      qualitiesTried: encoded.tried,
      background:
        profile.background.mode === 'keep'
          ? { mode: 'keep' }
          : { mode: 'replace', colour: profile.background.colour },
      scale: round(plan.scale, 4),
      levelledByDegrees: round(-m.pose.roll, 2),
      geometry: plan.rules,
      beyondMaster: plan.beyondMaster,
      checks,
    },
  };
}

export async function createPhotoPipeline(options: PipelineOptions): Promise<PhotoPipeline> {
  const profiles = loadProfiles(options.profilesDir);
  const models = await openModels(options.modelsDir);
  const limits = options.limits ?? defaultUploadLimits;
  let closed = false;

  async function processMaster(buffer: Buffer, processOptions: ProcessOptions = {}): Promise<PipelineResult> {
    if (closed) throw new ImagingError('pipeline_closed');
    const selected = (processOptions.profiles ?? defaultProfileIds).map((id) => profiles.get(id));
    const clock = { at: performance.now() };
    const lap = () => {
      const now = performance.now();
      const ms = now - clock.at;
      clock.at = now;
      return round(ms, 1);
    };

    const { info, image } = await loadMaster(buffer, limits);
    const pyramid = await Pyramid.build(image);
    const decodeMs = lap();

    const detections = await detectFaces(models, pyramid);
    const detectMs = lap();
    if (detections.length !== 1) {
      const faces = detections.map(faceReport);
      const count = detections.length;
      const check = evaluate('single_face', count, profiles.checkDefaults.single_face);
      const details = { faceCount: count, faces, verdict: 'retake', check };
      throw new ImagingError(count === 0 ? 'no_face' : 'multiple_faces', { count }, details);
    }
    const [detection] = detections as [Detection];

    const m = await measureFace(models, pyramid, detection);
    const measureMs = lap();

    const capture = measureCapture(pyramid, m);
    const liveness = await scoreLiveness(models, pyramid, detection.box);
    const inputs: CheckInputs = {
      faceCount: 1,
      measurements: m,
      capture,
      liveness,
      faceMargin: faceMargin(m, image.width, image.height),
    };
    const common = new Map(selected.map((p) => [p.id, masterChecks(p, inputs)]));
    const checksMs = lap();

    const geometry = faceGeometry(m, image.width, image.height);
    const solved = selected.map((p) => solveCrop(p, geometry));
    const replacedPlans = solved.flatMap((s, k) =>
      s.feasible && selected[k]!.background.mode === 'replace' ? [s.plan] : [],
    );
    const matte = replacedPlans.length ? await buildSharedMatte(pyramid, m, replacedPlans) : undefined;
    const rendered = await Promise.all(
      selected.map((p, k) => renderProfile(p, solved[k]!, pyramid, m, matte, common.get(p.id)!)),
    );
    const renderMs = lap();

    const preview = await renderPreview(
      pyramid,
      m,
      rendered.flatMap((r) => (r.crop ? [r.crop] : [])),
    );
    const previewMs = lap();

    const profileReports: Record<string, ProfileReport> = {};
    const renders: Record<string, Buffer> = {};
    selected.forEach((p, k) => {
      profileReports[p.id] = rendered[k]!.report;
      const jpeg = rendered[k]!.jpeg;
      if (jpeg) renders[p.id] = jpeg;
    });
    const verdict = worstVerdict(Object.values(profileReports).map((r) => r.verdict));
    const failing = Object.entries(profileReports).flatMap(([profile, r]) =>
      r.checks
        .filter((c) => !c.pass)
        .map((c) => ({ profile, id: c.id, severity: c.severity, message: c.message })),
    );
    const report: PhotoReport = {
      version: reportVersion,
      input: info,
      faces: detections.map(faceReport),
      measurements: {
        rightEye: roundPoint(m.rightEye),
        leftEye: roundPoint(m.leftEye),
        interEyeDistance: round(m.interEyeDistance),
        crown: roundPoint(m.crown),
        crownAtFrameTop: m.crownAtFrameTop,
        chin: roundPoint(m.chin),
        faceWidth: round(m.faceWidth),
        headWidth: round(m.headWidth),
        headHeight: round(m.headHeight),
        pose: {
          yaw: round(m.pose.yaw),
          pitch: round(m.pose.pitch),
          roll: round(m.pose.roll),
          fitError: round(m.pose.fitError, 4),
        },
        eyeOpenness: [round(m.eyeOpenness[0], 3), round(m.eyeOpenness[1], 3)],
        mouthOpenness: round(m.mouthOpenness, 3),
        faceMargin: round(inputs.faceMargin, 3),
        meshPresence: round(m.mesh.presence, 3),
        capture: Object.fromEntries(
          Object.entries(capture).map(([k, v]) => [k, typeof v === 'number' ? round(v, 3) : v]),
        ),
        presentationAttack: {
          live: round(liveness.live, 3),
          v2: round(liveness.v2, 3),
          v1se: round(liveness.v1se, 3),
        },
      },
      verdict,
      renderedDespiteRetake: verdict === 'retake' && Object.keys(renders).length > 0,
      failing,
      profiles: profileReports,
    };
    return {
      report,
      renders,
      preview,
      timings: { decodeMs, detectMs, measureMs, checksMs, renderMs, previewMs },
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
