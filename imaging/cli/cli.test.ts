import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readJpegSegments } from '../image/jfif';
import { shippedProfilesDir } from '../profiles/load';
import { testdataDir } from '../testing/fixtures';

const bin = path.resolve(__dirname, '..', '..', 'bin', 'tongpai-photo');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI from an unrelated directory, as a user would. */
function cli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(bin, args, { cwd, timeout: 120_000, env: { ...process.env, ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'tongpai-cli-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('tongpai-photo', () => {
  it('process: writes each photo, report.json and preview.png, exit 0', async () => {
    const image = path.join(testdataDir, 'faces-hr', 'london_107_neutral.jpg');
    const run = await cli(['process', image, '--out', 'out', '--profiles', 'id_card,face_compare'], work);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^verdict: pass/);
    const out = path.join(work, 'out');
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8'));
    expect(Object.keys(report.profiles)).toEqual(['id_card', 'face_compare']);
    expect(report.profiles.id_card).toMatchObject({
      file: 'id_card.jpg',
      width: 358,
      height: 441,
      status: 'rendered',
    });
    expect(report.profiles.id_card.geometry.length).toBeGreaterThan(0);
    const idCard = readFileSync(path.join(out, 'id_card.jpg'));
    expect(idCard.length).toBe(report.profiles.id_card.bytes);
    expect(readJpegSegments(idCard).jfifDensity).toEqual({ unit: 'dpi', x: 350, y: 350 });
    expect(existsSync(path.join(out, 'face_compare.jpg'))).toBe(true);
    expect(readFileSync(path.join(out, 'preview.png')).subarray(1, 4).toString('latin1')).toBe('PNG');
  }, 120_000);

  it('process: no face is a non-zero exit with one line on stderr', async () => {
    const run = await cli(
      ['process', path.join(testdataDir, 'nonfaces', 'skimage_coffee.png'), '--out', 'none'],
      work,
    );
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('no_face');
    expect(existsSync(path.join(work, 'none'))).toBe(false);
  }, 120_000);

  it('sheet: a 6-inch JPEG with DPI and a PDF of the exact size', async () => {
    const run = await cli(
      ['sheet', path.join('out', 'id_card.jpg'), '--size', '6inch', '--out', 'sheet.jpg', '--cut-lines'],
      work,
    );
    expect(run.code).toBe(0);
    const jpeg = readJpegSegments(readFileSync(path.join(work, 'sheet.jpg')));
    expect([jpeg.width, jpeg.height]).toEqual([1800, 1200]);
    expect(jpeg.jfifDensity).toEqual({ unit: 'dpi', x: 300, y: 300 });
    expect(readFileSync(path.join(work, 'sheet.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 120_000);

  it('a usage error exits 2 and prints the usage', async () => {
    const run = await cli(['process'], work);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('usage:');
  }, 60_000);

  it('profiles: TONGPAI_PROFILES_DIR adds profiles, and --profiles-dir wins over it', async () => {
    const fromEnv = path.join(work, 'profiles-env');
    const fromFlag = path.join(work, 'profiles-flag');
    const idCard = JSON.parse(readFileSync(path.join(shippedProfilesDir, 'id_card.json'), 'utf8'));
    for (const [dir, id, width] of [
      [fromEnv, 'visa_env', 401],
      [fromFlag, 'visa_flag', 402],
    ] as const) {
      mkdirSync(dir, { recursive: true });
      const profile = { ...idCard, id, output: { ...idCard.output, width } };
      writeFileSync(path.join(dir, `${id}.json`), JSON.stringify(profile));
    }
    const env = { TONGPAI_PROFILES_DIR: fromEnv };
    const viaEnv = await cli(['profiles'], work, env);
    expect(viaEnv.code).toBe(0);
    expect(viaEnv.stdout).toMatch(/^visa_env\s+401x441/m);
    const viaFlag = await cli(['profiles', '--profiles-dir', fromFlag], work, env);
    expect(viaFlag.stdout).toMatch(/^visa_flag\s+402x441/m);
    expect(viaFlag.stdout).not.toContain('visa_env');
  }, 60_000);
});
