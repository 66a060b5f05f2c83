/**
 * Applies a profile's thresholds to the raw measures: one result per check with the value, the threshold
 * used, pass/fail, the severity of a failure and the message. The verdict follows from the failures:
 * any retake-severity failure means `retake`, else any failure means `review`, else `pass`.
 */
import { type Bilingual } from '../errors';
import { type Measurements } from '../face/measure';
import { type LivenessScore } from '../face/liveness';
import { round } from '../geometry';
import { type CheckId, type CheckThreshold, type Profile, type Severity } from '../profiles/schema';
import { type CaptureMeasures } from './capture';
import { failureMessage, passMessage, type MessageContext, type ReportCheckId } from './messages';

export interface CheckResult {
  id: ReportCheckId;
  value: number;
  threshold: CheckThreshold;
  pass: boolean;
  /** What the failure means; null when the check passes. */
  severity: Severity | null;
  message: Bilingual;
}

export type Verdict = 'pass' | 'review' | 'retake';

/** Everything the master-level checks read. */
export interface CheckInputs {
  faceCount: number;
  measurements: Measurements;
  capture: CaptureMeasures;
  liveness: LivenessScore;
  /** Smallest distance from the face (oval and crown) to the master's edges, in face widths. */
  faceMargin: number;
}

const inside = (v: number, r: { min?: number | undefined; max?: number | undefined }) =>
  (r.min === undefined || v >= r.min) && (r.max === undefined || v <= r.max);

export function evaluate(
  id: ReportCheckId,
  rawValue: number,
  threshold: CheckThreshold,
  context: Omit<MessageContext, 'value' | 'low'> = {},
): CheckResult {
  const value = round(rawValue, 3);
  const pass = inside(value, threshold.pass);
  let severity: Severity | null = null;
  if (!pass) {
    severity = threshold.severity;
    if (severity === 'review' && threshold.retakeOutside && !inside(value, threshold.retakeOutside))
      severity = 'retake';
  }
  const low = threshold.pass.min !== undefined && value < threshold.pass.min;
  return {
    id,
    value,
    threshold,
    pass,
    severity,
    message: pass ? passMessage(id) : failureMessage(id, { ...context, value, low }),
  };
}

/** Values of the checks that read the master only (the same for every profile; thresholds differ). */
export function masterValues(
  inputs: CheckInputs,
): Record<Exclude<CheckId, 'source_resolution' | 'crop_geometry'>, number> {
  const { measurements: m, capture: c } = inputs;
  return {
    single_face: inputs.faceCount,
    face_crop: inputs.faceMargin,
    inter_eye_distance: m.interEyeDistance,
    yaw: m.pose.yaw,
    pitch: m.pose.pitch,
    roll: m.pose.roll,
    eyes_open: Math.min(...m.eyeOpenness),
    mouth_closed: m.mouthOpenness,
    eyes_visible: c.eyeGlare,
    luminance_mean: c.luminanceMean,
    over_exposure: c.overExposure,
    under_exposure: c.underExposure,
    dynamic_range: c.dynamicRange,
    illumination_uniformity: c.illuminationUniformity,
    sharpness: c.sharpness,
    compression_artefacts: c.compressionArtefacts,
    natural_colour: c.skinHue,
    background_uniformity: c.backgroundUniformity,
    background_colour: c.backgroundChroma,
    presentation_attack: inputs.liveness.live,
  };
}

/** The master-level checks under one profile's thresholds. */
export function masterChecks(profile: Profile, inputs: CheckInputs): CheckResult[] {
  const values = masterValues(inputs);
  return (Object.keys(values) as (keyof typeof values)[]).map((id) =>
    evaluate(id, values[id], profile.checks[id], {
      ...(id === 'eyes_visible' ? { side: inputs.capture.glareEye } : {}),
      ...(id === 'illumination_uniformity' ? { side: inputs.capture.darkerSide } : {}),
    }),
  );
}

export function verdictOf(checks: CheckResult[]): Verdict {
  if (checks.some((c) => !c.pass && c.severity === 'retake')) return 'retake';
  if (checks.some((c) => !c.pass)) return 'review';
  return 'pass';
}

export function worstVerdict(verdicts: Verdict[]): Verdict {
  if (verdicts.includes('retake')) return 'retake';
  if (verdicts.includes('review')) return 'review';
  return 'pass';
}
