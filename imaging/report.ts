/**
 * report.json: everything a reviewer, the workflow or an outside check needs, JSON-serialisable and
 * deterministic (rounded numbers, no timings), so the same master and settings give the same bytes.
 */
import { type Bilingual } from './errors';
import { type Box, type Point } from './geometry';
import { type UploadInfo } from './image/load';
import { type GeometryMeasure } from './profiles/schema';
import { type CheckResult, type Verdict } from './quality/checks';
import { type RuleResult } from './render/solve';

export const reportVersion = 1;

export interface FaceReport {
  box: Box;
  score: number;
  /** YuNet's five points: image-left eye, image-right eye, nose tip, mouth corners. */
  landmarks: Point[];
}

export interface MeasurementsReport {
  rightEye: Point;
  leftEye: Point;
  interEyeDistance: number;
  crown: Point;
  crownAtFrameTop: boolean;
  chin: Point;
  faceWidth: number;
  headWidth: number;
  headHeight: number;
  pose: { yaw: number; pitch: number; roll: number; fitError: number };
  eyeOpenness: [number, number];
  mouthOpenness: number;
  faceMargin: number;
  meshPresence: number;
  capture: Record<string, number | string>;
  presentationAttack: { live: number; v2: number; v1se: number };
}

export interface RenderedProfileReport {
  status: 'rendered';
  name: Bilingual;
  verdict: Verdict;
  /** A retake verdict means this photo should not be issued, even though it was rendered. */
  usable: boolean;
  file: string;
  width: number;
  height: number;
  dpi: number;
  bytes: number;
  kb: number;
  jpegQuality: number;
  qualitiesTried: number[];
  background: { mode: 'replace'; colour: string } | { mode: 'keep' };
  /** Output pixels per master pixel (above 1 is enlargement). */
  scale: number;
  levelledByDegrees: number;
  /** Each geometric rule measured on the planned crop, in output pixels. */
  geometry: RuleResult[];
  /** Output pixels filled beyond each master edge (extended canvas). */
  beyondMaster: { top: number; bottom: number; left: number; right: number };
  checks: CheckResult[];
}

export interface UnrenderedProfileReport {
  status: 'not_rendered';
  name: Bilingual;
  verdict: 'retake';
  usable: false;
  reason: Bilingual;
  unmetRules: GeometryMeasure[];
  checks: CheckResult[];
}

export type ProfileReport = RenderedProfileReport | UnrenderedProfileReport;

export interface FailingCheck {
  profile: string;
  id: string;
  severity: string | null;
  message: Bilingual;
}

export interface PhotoReport {
  version: number;
  input: UploadInfo;
  faces: FaceReport[];
  measurements: MeasurementsReport;
  /** The worst verdict over `verdictDocuments` (each profile's own verdict is in `profiles`). */
  verdict: Verdict;
  /** The profiles the case needs, which the verdict covers (default: every processed profile). */
  verdictDocuments: string[];
  /** True when photos were rendered although the verdict is retake (they are marked unusable). */
  renderedDespiteRetake: boolean;
  failing: FailingCheck[];
  profiles: Record<string, ProfileReport>;
}
