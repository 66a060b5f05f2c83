import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ImagingError } from '../errors';
import { defaultProfileIds, loadProfiles, shippedProfilesDir } from './load';
import { checkIds } from './schema';

describe('shipped profiles', () => {
  const set = loadProfiles();

  it('hold every standard of the spec, the print sizes and the default list', () => {
    expect(set.ids()).toEqual(
      expect.arrayContaining([
        'id_card',
        'exit_entry',
        'driving_licence',
        'face_compare',
        'icao',
        'nco_military',
        'print_1inch',
        'print_2inch',
        'print_passport',
      ]),
    );
    for (const id of defaultProfileIds) expect(set.ids()).toContain(id);
  });

  it('give every check a threshold in every profile (defaults merged in)', () => {
    for (const id of set.selectableIds()) {
      const profile = set.get(id);
      expect(Object.keys(profile.checks).sort()).toEqual([...checkIds].sort());
    }
  });

  it('keep the spec numbers', () => {
    const idCard = set.get('id_card');
    expect(idCard.output).toMatchObject({ width: 358, height: 441, dpi: 350, kb: { min: 14, max: 20 } });
    expect(idCard.geometry).toContainEqual(
      expect.objectContaining({ measure: 'face_width', min: 193, max: 221 }),
    );
    expect(set.get('face_compare').background).toEqual({ mode: 'keep' });
    expect(set.get('nco_military').background).toMatchObject({ mode: 'replace' });
  });

  it('offer the alternatives as <id>@<variant>', () => {
    expect(set.get('id_card@kb30').output.kb).toEqual({ min: 14, max: 30 });
    expect(set.get('exit_entry@light_grey').background).toMatchObject({ colour: '#D2D2D2' });
    expect(set.get('exit_entry@light_grey').variantOf).toBe('exit_entry');
  });

  it('refuse an unknown id, listing the known ones', () => {
    expect(() => set.get('passport_us')).toThrow(ImagingError);
    try {
      set.get('id_card@huge');
    } catch (err) {
      expect((err as ImagingError).code).toBe('profile_unknown');
      expect((err as ImagingError).messages.en).toContain('id_card@kb30');
    }
  });

  it('describe the print sheets', () => {
    const sheet = set.sheet('6inch');
    expect(Math.round((sheet.widthMm / 25.4) * sheet.dpi)).toBe(1800);
    expect(Math.round((sheet.heightMm / 25.4) * sheet.dpi)).toBe(1200);
    expect(set.sheets.map((s) => s.id)).toEqual(['6inch', '5inch', 'a4']);
  });
});

describe('override folder', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'tongpai-profiles-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces a profile by id and adds a new one, with no code change', () => {
    const idCard = JSON.parse(readFileSync(path.join(shippedProfilesDir, 'id_card.json'), 'utf8'));
    idCard.output.kb = { min: 15, max: 25 };
    writeFileSync(path.join(dir, 'id_card.json'), JSON.stringify(idCard));
    const visa = {
      id: 'visa_sample',
      kind: 'document',
      name: { zh: '签证样例', en: 'Sample visa' },
      source: 'test',
      output: { width: 400, height: 500, dpi: 300, quality: { min: 90, max: 90 } },
      background: { mode: 'replace', colour: '#EEEEEE', name: { zh: '浅灰', en: 'light grey' } },
      geometry: [{ measure: 'head_height', min: 0.6, max: 0.7, unit: 'height' }],
      checks: { yaw: { pass: { min: -3, max: 3 }, severity: 'retake' } },
    };
    writeFileSync(path.join(dir, 'visa_sample.json'), JSON.stringify(visa));
    const set = loadProfiles(dir);
    expect(set.get('id_card').output.kb).toEqual({ min: 15, max: 25 });
    expect(set.get('visa_sample').checks.yaw).toEqual({ pass: { min: -3, max: 3 }, severity: 'retake' });
    expect(set.get('visa_sample').checks.pitch).toEqual(set.checkDefaults.pitch);
  });

  it('stops with the file name and the problem when a profile is invalid', () => {
    const file = path.join(dir, 'broken.json');
    writeFileSync(file, JSON.stringify({ id: 'broken', kind: 'document', output: { width: 10 } }));
    try {
      loadProfiles(dir);
      throw new Error('expected a refusal');
    } catch (err) {
      expect(err).toBeInstanceOf(ImagingError);
      expect((err as ImagingError).code).toBe('profile_invalid');
      expect((err as ImagingError).messages.en).toContain(file);
      expect((err as ImagingError).messages.en).toContain('output.width');
    }
  });

  it('refuses a file that is not JSON', () => {
    writeFileSync(path.join(dir, 'id_card.json'), '{ not json');
    expect(() => loadProfiles(dir)).toThrow(/id_card\.json/);
  });
});
