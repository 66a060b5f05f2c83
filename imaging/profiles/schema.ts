/**
 * What a profile file may say. Profiles are data: a bureau corrects a number in JSON, no release needed.
 * Every geometric rule is measured in output pixels from the top-left of the rendered photo.
 */
import { z } from 'zod';

const bilingual = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });
const hexColour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #RRGGBB');

export const geometryMeasures = [
  'face_width',
  'head_width',
  'head_height',
  'inter_eye_distance',
  'crown_margin',
  'eye_line_from_bottom',
  'chin_margin',
] as const;
export type GeometryMeasure = (typeof geometryMeasures)[number];

/** Measures that fix the scale of the crop; the others fix its vertical position. */
export const scaleMeasures: readonly GeometryMeasure[] = [
  'face_width',
  'head_width',
  'head_height',
  'inter_eye_distance',
];

const range = z
  .strictObject({ min: z.number().optional(), max: z.number().optional() })
  .refine((r) => r.min !== undefined || r.max !== undefined, 'give min, max or both')
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, 'min must not exceed max');

export const geometryRule = z
  .strictObject({
    measure: z.enum(geometryMeasures),
    min: z.number().optional(),
    max: z.number().optional(),
    /** Preferred value inside [min, max]; the middle of the range when absent. */
    target: z.number().optional(),
    /** 'px' (default) or a fraction of the output height or width. */
    unit: z.enum(['px', 'height', 'width']).default('px'),
    /** The standard lets this rule give way when it conflicts with the others (e.g. hair touching the edge). */
    yields: z.boolean().default(false),
    note: z.string().optional(),
  })
  .refine((r) => r.min !== undefined || r.max !== undefined, 'give min, max or both')
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, 'min must not exceed max');

export const checkIds = [
  'single_face',
  'face_crop',
  'source_resolution',
  'inter_eye_distance',
  'yaw',
  'pitch',
  'roll',
  'eyes_open',
  'mouth_closed',
  'eyes_visible',
  'eye_glare',
  'luminance_mean',
  'over_exposure',
  'under_exposure',
  'dynamic_range',
  'exposure_balance',
  'illumination_uniformity',
  'sharpness',
  'noise',
  'compression_artefacts',
  'natural_colour',
  'colour_cast',
  'background_uniformity',
  'background_objects',
  'background_colour',
  'presentation_attack',
  'recapture_pattern',
  'crop_geometry',
] as const;
export type CheckId = (typeof checkIds)[number];

export const severities = ['retake', 'review'] as const;
export type Severity = (typeof severities)[number];

export const checkThreshold = z.strictObject({
  /** The check passes when the value lies inside this range. */
  pass: range,
  /** What a failure means: a new capture, or a person looks at it. */
  severity: z.enum(severities),
  /** With severity 'review': outside this wider range the failure becomes a retake. */
  retakeOutside: range.optional(),
});
export type CheckThreshold = z.infer<typeof checkThreshold>;

export const profileSchema = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'lower_snake_case'),
  kind: z.enum(['document', 'print']),
  name: bilingual,
  source: z.string().min(1),
  output: z.strictObject({
    width: z.number().int().min(64).max(4000),
    height: z.number().int().min(64).max(4000),
    dpi: z.number().int().min(72).max(1200),
    /** Render smaller than width x height (not below these) rather than upscale the master. */
    shrinkToSource: z.strictObject({ minWidth: z.number().int(), minHeight: z.number().int() }).optional(),
    /** File size range in KB (1 KB = 1024 bytes), reached by bisection on the JPEG quality. */
    kb: z.strictObject({ min: z.number().positive(), max: z.number().positive() }).optional(),
    quality: z.strictObject({ min: z.number().int().min(1).max(100), max: z.number().int().min(1).max(100) }),
  }),
  background: z.discriminatedUnion('mode', [
    z.strictObject({ mode: z.literal('replace'), colour: hexColour, name: bilingual }),
    z.strictObject({ mode: z.literal('keep') }),
  ]),
  geometry: z.array(geometryRule).min(1),
  /** Horizontal placement: the face centre's distance from the middle may not exceed this fraction of the width. */
  maxCentreOffset: z.number().min(0).max(0.5).default(0.02),
  /** Per-profile thresholds; any check not named here takes the value in checks.defaults.json. */
  checks: z.partialRecord(z.enum(checkIds), checkThreshold).default({}),
  /** Alternatives a bureau may select as `<id>@<variant>`: each is merged over the profile. */
  variants: z.record(z.string().regex(/^[a-z0-9_]+$/), z.record(z.string(), z.unknown())).default({}),
});

export const checkDefaultsSchema = z.record(z.enum(checkIds), checkThreshold);

export type ProfileFile = z.infer<typeof profileSchema>;
/** A loaded profile: every check has its threshold (defaults merged in), variants resolved away. */
export type Profile = Omit<ProfileFile, 'checks' | 'variants'> & {
  checks: Record<CheckId, CheckThreshold>;
  /** Set when this profile is `<base>@<variant>`. */
  variantOf?: string;
};
export type GeometryRule = z.infer<typeof geometryRule>;

export const sheetLayoutSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9_]+$/),
  name: bilingual,
  widthMm: z.number().positive(),
  heightMm: z.number().positive(),
  dpi: z.number().int().min(72).max(1200),
});
export type SheetLayout = z.infer<typeof sheetLayoutSchema>;
