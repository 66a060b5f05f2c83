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

export class ProfileSet {
  constructor(
    private readonly files: Map<string, { file: string; profile: ProfileFile }>,
    readonly checkDefaults: Record<CheckId, CheckThreshold>,
    readonly sheets: SheetLayout[],
  ) {}

  /** Base profile ids, in a stable order. */
  ids(): string[] {
    return [...this.files.keys()].sort();
  }

  /** Every selectable id: the bases and their `<id>@<variant>` alternatives. */
  selectableIds(): string[] {
    return this.ids().flatMap((id) => [
      id,
      ...Object.keys(this.files.get(id)!.profile.variants).map((v) => `${id}@${v}`),
    ]);
  }

  get(id: string): Profile {
    const [base, variant] = id.split('@') as [string, string | undefined];
    const entry = this.files.get(base);
    if (!entry || (variant !== undefined && !(variant in entry.profile.variants))) {
      throw new ImagingError('profile_unknown', { id, known: this.selectableIds().join(', ') }, { id });
    }
    let file = entry.profile;
    if (variant !== undefined) {
      const merged = deepMerge(file, { ...entry.profile.variants[variant], id: base, variants: {} });
      const parsed = profileSchema.safeParse(merged);
      if (!parsed.success) {
        const reason = `variant ${variant}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`;
        throw new ImagingError('profile_invalid', { file: entry.file, reason }, { file: entry.file });
      }
      file = parsed.data;
    }
    const { checks, variants: _variants, ...rest } = file;
    return {
      ...rest,
      id,
      checks: { ...this.checkDefaults, ...checks },
      ...(variant !== undefined ? { variantOf: base } : {}),
    };
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
  const files = new Map<string, { file: string; profile: ProfileFile }>();
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
  const set = new ProfileSet(files, checkDefaults, sheets);
  for (const id of set.selectableIds()) set.get(id); // variants are validated up front too
  return set;
}
