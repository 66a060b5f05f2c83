/**
 * The crop solver. In the levelled frame (eye line horizontal at y = 0) a crop is a scale s and an offset
 * (tx, ty): output = s * levelled + t. Size rules (face width, head size, inter-eye distance) bound s; for a
 * given s, position rules (crown margin, eye line, chin margin) bound ty. The solver looks for the s nearest
 * the profile's target at which every rule holds, then lets rules marked `yields` give way, and reports any
 * rule it could not meet. When the background is kept, the crop must also lie inside the master.
 */
import { apply, compose, invert, type Affine } from '../geometry';
import { scaleMeasures, type GeometryMeasure, type GeometryRule, type Profile } from '../profiles/schema';

/** Levelled-frame lengths and positions of the face (from Measurements). */
export interface FaceGeometry {
  crownY: number;
  chinY: number;
  faceCentreX: number;
  faceWidth: number;
  headWidth: number;
  headHeight: number;
  interEyeDistance: number;
  masterToLevelled: Affine;
  masterWidth: number;
  masterHeight: number;
}

export interface RuleResult {
  measure: GeometryMeasure;
  /** Measured on the planned crop, output pixels. */
  value: number;
  min?: number;
  max?: number;
  met: boolean;
  /** The rule gave way to the others, as its profile allows. */
  yielded: boolean;
}

export interface CropPlan {
  width: number;
  height: number;
  scale: number;
  masterToOutput: Affine;
  rules: RuleResult[];
  /** How far the crop reaches past each edge of the master, in output pixels (0 when inside). */
  beyondMaster: { top: number; bottom: number; left: number; right: number };
}

export type SolveResult =
  { feasible: true; plan: CropPlan } | { feasible: false; unmet: GeometryMeasure[]; edges: string[] };

interface Bounds {
  min: number;
  max: number;
}

const everything: Bounds = { min: -Infinity, max: Infinity };
const intersect = (p: Bounds, q: Bounds): Bounds => ({
  min: Math.max(p.min, q.min),
  max: Math.min(p.max, q.max),
});
const isEmpty = (b: Bounds) => b.min > b.max + 1e-9;
const clamp = (v: number, b: Bounds) => Math.min(Math.max(v, b.min), b.max);

function pixelBounds(rule: GeometryRule, width: number, height: number): Bounds & { target?: number } {
  const unit = rule.unit === 'height' ? height : rule.unit === 'width' ? width : 1;
  return {
    min: rule.min !== undefined ? rule.min * unit : -Infinity,
    max: rule.max !== undefined ? rule.max * unit : Infinity,
    ...(rule.target !== undefined ? { target: rule.target * unit } : {}),
  };
}

function sizeOf(measure: GeometryMeasure, face: FaceGeometry): number {
  switch (measure) {
    case 'face_width':
      return face.faceWidth;
    case 'head_width':
      return face.headWidth;
    case 'head_height':
      return face.headHeight;
    case 'inter_eye_distance':
      return face.interEyeDistance;
    default:
      throw new Error(`${measure} is not a size`);
  }
}

/** Value of a rule's measure for a crop (s, ty), in output pixels. */
function measureValue(
  measure: GeometryMeasure,
  face: FaceGeometry,
  s: number,
  ty: number,
  height: number,
): number {
  switch (measure) {
    case 'crown_margin':
      return s * face.crownY + ty;
    case 'eye_line_from_bottom':
      return height - ty;
    case 'chin_margin':
      return height - (s * face.chinY + ty);
    default:
      return s * sizeOf(measure, face);
  }
}

/** Range of ty over which a position rule holds at scale s. */
function tyBounds(
  measure: GeometryMeasure,
  b: Bounds,
  face: FaceGeometry,
  s: number,
  height: number,
): Bounds {
  switch (measure) {
    case 'crown_margin':
      return { min: b.min - s * face.crownY, max: b.max - s * face.crownY };
    case 'eye_line_from_bottom':
      return { min: height - b.max, max: height - b.min };
    case 'chin_margin':
      return { min: height - b.max - s * face.chinY, max: height - b.min - s * face.chinY };
    default:
      return everything;
  }
}

function mapFor(face: FaceGeometry, s: number, tx: number, ty: number): Affine {
  return compose({ a: s, b: 0, c: tx, d: 0, e: s, f: ty }, face.masterToLevelled);
}

/** Range of ty keeping the whole output inside the master, for a given s and tx. */
function insideMaster(face: FaceGeometry, s: number, tx: number, width: number, height: number): Bounds {
  let bounds = everything;
  const corners = [
    { x: 0, y: 0 },
    { x: width, y: 0 },
    { x: 0, y: height },
    { x: width, y: height },
  ];
  for (const corner of corners) {
    const p0 = apply(invert(mapFor(face, s, tx, 0)), corner);
    const p1 = apply(invert(mapFor(face, s, tx, 1)), corner);
    for (const [v0, v1, limit] of [
      [p0.x, p1.x, face.masterWidth],
      [p0.y, p1.y, face.masterHeight],
    ] as const) {
      const slope = v1 - v0; // master coordinate per unit of ty
      if (Math.abs(slope) < 1e-12) {
        if (v0 < 0 || v0 > limit) return { min: 1, max: 0 };
        continue;
      }
      const a = (0 - v0) / slope;
      const b = (limit - v0) / slope;
      bounds = intersect(bounds, { min: Math.min(a, b), max: Math.max(a, b) });
    }
  }
  return bounds;
}

function beyondMaster(face: FaceGeometry, map: Affine, width: number, height: number) {
  const toOut = (x: number, y: number) => apply(map, { x, y });
  const corners = [
    toOut(0, 0),
    toOut(face.masterWidth, 0),
    toOut(0, face.masterHeight),
    toOut(face.masterWidth, face.masterHeight),
  ];
  const top = Math.min(corners[0]!.y, corners[1]!.y);
  const bottom = Math.max(corners[2]!.y, corners[3]!.y);
  const left = Math.min(corners[0]!.x, corners[2]!.x);
  const right = Math.max(corners[1]!.x, corners[3]!.x);
  const r = (v: number) => Math.max(0, Math.round(v * 10) / 10);
  return { top: r(top), bottom: r(height - bottom), left: r(left), right: r(width - right) };
}

interface Attempt {
  s: number;
  tx: number;
  ty: number;
}

function planAt(profile: Profile, face: FaceGeometry, width: number, height: number): SolveResult {
  const keep = profile.background.mode === 'keep';
  const rules = profile.geometry.map((rule) => ({ rule, bounds: pixelBounds(rule, width, height) }));
  const sizeRules = rules.filter((r) => scaleMeasures.includes(r.rule.measure));
  const positionRules = rules.filter((r) => !scaleMeasures.includes(r.rule.measure));

  const scaleBounds = (set: typeof rules): Bounds =>
    set.reduce<Bounds>(
      (acc, r) => {
        const size = sizeOf(r.rule.measure, face);
        return intersect(acc, { min: r.bounds.min / size, max: r.bounds.max / size });
      },
      { min: 0, max: Infinity },
    );

  // Target scale: the first size rule's target, else the middle of the size rules' common range.
  const all = scaleBounds(sizeRules);
  const withTarget = sizeRules.find((r) => r.bounds.target !== undefined);
  const lows = sizeRules.map((r) => r.bounds.min / sizeOf(r.rule.measure, face)).filter(Number.isFinite);
  const highs = sizeRules.map((r) => r.bounds.max / sizeOf(r.rule.measure, face)).filter(Number.isFinite);
  const middle = (b: Bounds) =>
    Number.isFinite(b.max) ? (Number.isFinite(b.min) && b.min > 0 ? (b.min + b.max) / 2 : b.max) : b.min;
  const target = withTarget
    ? withTarget.bounds.target! / sizeOf(withTarget.rule.measure, face)
    : isEmpty(all)
      ? (Math.max(...lows) + Math.min(...highs)) / 2
      : middle(all);

  // Candidate scales: the target, then outward across the span of all size bounds.
  const spanLow = Math.min(target, ...lows);
  const spanHigh = Math.max(target, ...highs);
  const candidates = [target];
  for (let i = 1; i <= 60; i++) candidates.push(spanLow + ((spanHigh - spanLow) * i) / 61);
  candidates.sort((p, q) => Math.abs(p - target) - Math.abs(q - target));

  const centredTx = (s: number) => width / 2 - s * face.faceCentreX;
  const txOffsets = [
    0,
    ...[1, 2, 3, 4].flatMap((k) => [k, -k].map((sign) => (sign * profile.maxCentreOffset * width) / 4)),
  ];

  // The preferred vertical placement: the crown rule's target, else 40% of the free height above the head.
  const crownRule = positionRules.find((r) => r.rule.measure === 'crown_margin');
  const preferredTy = (s: number) => {
    const margin = crownRule
      ? (crownRule.bounds.target ?? middle(crownRule.bounds))
      : 0.4 * (height - s * face.headHeight);
    return margin - s * face.crownY;
  };

  const tryRules = (strict: typeof rules, yielding: typeof rules): Attempt | undefined => {
    const sBounds = scaleBounds(strict.filter((r) => scaleMeasures.includes(r.rule.measure)));
    for (const s of candidates) {
      if (s < sBounds.min - 1e-12 || s > sBounds.max + 1e-12) continue;
      for (const offset of keep ? txOffsets : [0]) {
        const tx = centredTx(s) + offset;
        let ty = strict
          .filter((r) => !scaleMeasures.includes(r.rule.measure))
          .reduce(
            (acc, r) => intersect(acc, tyBounds(r.rule.measure, r.bounds, face, s, height)),
            everything,
          );
        if (keep) ty = intersect(ty, insideMaster(face, s, tx, width, height));
        if (isEmpty(ty)) continue;
        // Rules that yield still pull the placement toward themselves.
        let preferred = preferredTy(s);
        for (const r of yielding) {
          if (scaleMeasures.includes(r.rule.measure)) continue;
          preferred = clamp(preferred, tyBounds(r.rule.measure, r.bounds, face, s, height));
        }
        // Keep clear of the interval's ends, so that re-measuring the photo lands inside the rules too.
        const slack = Math.min(0.25 * (ty.max - ty.min), 0.02 * height);
        return { s, tx, ty: clamp(preferred, { min: ty.min + slack, max: ty.max - slack }) };
      }
    }
    return undefined;
  };

  const strictRules = rules.filter((r) => !r.rule.yields);
  const yieldingRules = rules.filter((r) => r.rule.yields);
  let attempt = tryRules(rules, []) ?? tryRules(strictRules, yieldingRules);
  if (!attempt) {
    // No placement meets every strict rule: keep the target scale and only the hard constraint (inside the
    // master, when the background is kept); the unmet rules are reported.
    attempt = tryRules([], [...positionRules]);
    if (!attempt) {
      const map = mapFor(face, target, centredTx(target), preferredTy(target));
      const beyond = beyondMaster(face, map, width, height);
      const edges = (Object.keys(beyond) as (keyof typeof beyond)[]).filter((edge) => beyond[edge] > 0);
      return { feasible: false, unmet: rules.map((r) => r.rule.measure), edges };
    }
  }
  const { s, tx, ty } = attempt;
  const masterToOutput = mapFor(face, s, tx, ty);
  const results: RuleResult[] = rules.map(({ rule, bounds }) => {
    const value = measureValue(rule.measure, face, s, ty, height);
    const met = value >= bounds.min - 0.5 && value <= bounds.max + 0.5;
    return {
      measure: rule.measure,
      value: Math.round(value * 10) / 10,
      ...(Number.isFinite(bounds.min) ? { min: Math.round(bounds.min * 10) / 10 } : {}),
      ...(Number.isFinite(bounds.max) ? { max: Math.round(bounds.max * 10) / 10 } : {}),
      met,
      yielded: !met && rule.yields,
    };
  });
  return {
    feasible: true,
    plan: {
      width,
      height,
      scale: s,
      masterToOutput,
      rules: results,
      beyondMaster: beyondMaster(face, masterToOutput, width, height),
    },
  };
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Plans the crop of one profile; a profile that may shrink to its source does so rather than upscale. */
export function solveCrop(profile: Profile, face: FaceGeometry): SolveResult {
  const { width, height, shrinkToSource } = profile.output;
  const first = planAt(profile, face, width, height);
  if (!shrinkToSource || !first.feasible || first.plan.scale <= 1) return first;
  const factor = Math.max(
    shrinkToSource.minWidth / width,
    shrinkToSource.minHeight / height,
    1 / first.plan.scale,
  );
  // Keep the exact aspect ratio: the width is a whole multiple of the ratio's own width.
  const divisor = gcd(width, height);
  const units = Math.round((width * factor) / (width / divisor));
  return planAt(profile, face, (units * width) / divisor, (units * height) / divisor);
}
