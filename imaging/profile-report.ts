/**
 * Assembly of report.json's parts from what the pipeline measured and rendered: rounded numbers only (the
 * report is deterministic), bilingual reasons for what could not be done.
 */
import { type Detection } from './face/detect';
import { type LivenessScore } from './face/liveness';
import { type Measurements } from './face/measure';
import { round, type Point } from './geometry';
import { type Profile } from './profiles/schema';
import { type CaptureMeasures } from './quality/capture';
import { evaluate, verdictOf, type CheckResult } from './quality/checks';
import { bytesPerKb, type EncodedPhoto } from './render/encode';
import { type CropPlan, type RuleResult, type SolveResult } from './render/solve';
import { type FaceReport, type PhotoReport, type ProfileReport } from './report';

const roundPoint = (p: Point): Point => ({ x: round(p.x), y: round(p.y) });

export function faceReport(d: Detection): FaceReport {
  return {
    box: { x: round(d.box.x), y: round(d.box.y), width: round(d.box.width), height: round(d.box.height) },
    score: round(d.score, 3),
    landmarks: d.landmarks.map(roundPoint),
  };
}

export function measurementsReport(
  m: Measurements,
  capture: CaptureMeasures,
  liveness: LivenessScore,
  faceMargin: number,
): PhotoReport['measurements'] {
  return {
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
    faceMargin: round(faceMargin, 3),
    meshPresence: round(m.mesh.presence, 3),
    capture: Object.fromEntries(
      Object.entries(capture).map(([k, v]) => [k, typeof v === 'number' ? round(v, 3) : v]),
    ),
    presentationAttack: {
      live: round(liveness.live, 3),
      v2: round(liveness.v2, 3),
      v1se: round(liveness.v1se, 3),
    },
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

type Infeasible = Extract<SolveResult, { feasible: false }>;

/** The report of a profile whose crop cannot be made (the background is kept and the master is too small). */
export function notRendered(profile: Profile, solved: Infeasible, common: CheckResult[]): ProfileReport {
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
    status: 'not_rendered',
    name: profile.name,
    verdict: 'retake',
    usable: false,
    reason,
    unmetRules: solved.unmet,
    checks: [...common, geometryCheck],
  };
}

export function renderedReport(
  profile: Profile,
  plan: CropPlan,
  encoded: EncodedPhoto,
  m: Measurements,
  common: CheckResult[],
): ProfileReport {
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
  };
}
