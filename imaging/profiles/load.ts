/**
 * Loads the profile files shipped in ./data, then those of an optional override folder: a file there with
 * an existing id replaces it, a new id adds a profile, and checks.defaults.json / sheets.json replace the
 * shipped ones. Every file is validated; a bad one stops loading with its name and the problem.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type z } from 'zod';
import { ImagingError } from '../errors';
import {
  checkDefaultsSchema,
  profileSchema,
  sheetLayoutSchema,
  type CheckId,
  type CheckThreshold,
  type Profile,
  type ProfileFile,
  type SheetLayout,
} from './schema';

export const shippedProfilesDir = path.join(__dirname, 'data');

/** What `process` renders when no profile list is given. */
export const defaultProfileIds = ['id_card', 'exit_entry', 'driving_licence', 'face_compare', 'icao'];

const checkDefaultsFile = 'checks.defaults.json';
const sheetsFile = 'sheets.json';

function parseFile<T extends z.ZodType>(file: string, schema: T): z.output<T> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new ImagingError('profile_invalid', { file, reason: String(cause) }, { file }, { cause });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new ImagingError('profile_invalid', { file, reason }, { file, issues: parsed.error.issues });
  }
  return parsed.data;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Objects merge key by key; arrays and scalars in the patch replace. */
function deepMerge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) out[key] = deepMerge(base[key], value);
  return out;
}

interface ProfileEntry {
  file: string;
  profile: ProfileFile;
}

/** A base profile, or one of its variants merged over it, with the check defaults filled in. */
function buildProfile(
  { file, profile }: ProfileEntry,
  variant: string | undefined,
  checkDefaults: Record<CheckId, CheckThreshold>,
): Profile {
  let data = profile;
  if (variant !== undefined) {
    const merged = deepMerge(profile, { ...profile.variants[variant], id: profile.id, variants: {} });
    const parsed = profileSchema.safeParse(merged);
    if (!parsed.success) {
      const reason = `variant ${variant}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`;
      throw new ImagingError('profile_invalid', { file, reason }, { file });
    }
    data = parsed.data;
  }
  const { checks, variants: _variants, ...rest } = data;
  return {
    ...rest,
    id: variant === undefined ? profile.id : `${profile.id}@${variant}`,
    checks: { ...checkDefaults, ...checks },
    ...(variant !== undefined ? { variantOf: profile.id } : {}),
  };
}

export class ProfileSet {
  /** Every selectable profile, built (and its variants validated) once, when the set is loaded. */
  private readonly profiles = new Map<string, Profile>();

  constructor(
    files: Map<string, ProfileEntry>,
    readonly checkDefaults: Record<CheckId, CheckThreshold>,
    readonly sheets: SheetLayout[],
  ) {
    for (const id of [...files.keys()].sort()) {
      const entry = files.get(id)!;
      this.profiles.set(id, buildProfile(entry, undefined, checkDefaults));
      for (const variant of Object.keys(entry.profile.variants))
        this.profiles.set(`${id}@${variant}`, buildProfile(entry, variant, checkDefaults));
    }
  }

  /** Base profile ids, in a stable order. */
  ids(): string[] {
    return this.selectableIds().filter((id) => !id.includes('@'));
  }

  /** Every selectable id: the bases and their `<id>@<variant>` alternatives. */
  selectableIds(): string[] {
    return [...this.profiles.keys()];
  }

  get(id: string): Profile {
    const profile = this.profiles.get(id);
    if (!profile)
      throw new ImagingError('profile_unknown', { id, known: this.selectableIds().join(', ') }, { id });
    return profile;
  }

  sheet(id: string): SheetLayout {
    const layout = this.sheets.find((s) => s.id === id);
    if (!layout)
      throw new ImagingError('sheet_invalid', {
        reason: `unknown sheet size ${id} (known: ${this.sheets.map((s) => s.id).join(', ')})`,
      });
    return layout;
  }
}

export function loadProfiles(overrideDir?: string): ProfileSet {
  const dirs = [shippedProfilesDir, ...(overrideDir ? [path.resolve(overrideDir)] : [])];
  const files = new Map<string, ProfileEntry>();
  let checkDefaults: Record<CheckId, CheckThreshold> | undefined;
  let sheets: SheetLayout[] | undefined;
  for (const dir of dirs) {
    let names: string[];
    try {
      names = readdirSync(dir)
        .filter((n) => n.endsWith('.json'))
        .sort();
    } catch (cause) {
      throw new ImagingError(
        'profile_invalid',
        { file: dir, reason: 'folder cannot be read' },
        { file: dir },
        { cause },
      );
    }
    for (const name of names) {
      const file = path.join(dir, name);
      if (name === checkDefaultsFile) checkDefaults = parseFile(file, checkDefaultsSchema);
      else if (name === sheetsFile) sheets = parseFile(file, sheetLayoutSchema.array().min(1));
      else {
        const profile = parseFile(file, profileSchema);
        files.set(profile.id, { file, profile });
      }
    }
  }
  if (!checkDefaults || !sheets)
    throw new ImagingError('profile_invalid', { file: shippedProfilesDir, reason: 'defaults missing' });
  return new ProfileSet(files, checkDefaults, sheets);
}
