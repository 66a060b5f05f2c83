import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../config';
import { demoPersonalData, filesUnder, scanLogs } from './personal-data';

describe('the personal data a test run must never log', () => {
  const watched = demoPersonalData(repoRoot);
  const texts = watched.map((w) => w.text);

  test("holds the demo realm's names, the fixtures' names and ID numbers, and no placeholder words", () => {
    expect(texts).toEqual(
      expect.arrayContaining(['王芳', '张伟', '陈晓', '11010519491231002X', '310115200012311236']),
    );
    expect(texts).not.toContain('姓名');
    expect(new Set(texts).size).toBe(texts.length);
  });

  test('a scan names each file and line holding one, or photo bytes, and nothing in a clean log', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'scan-'));
    try {
      writeFileSync(
        path.join(dir, 'api-1.log'),
        [
          '{"level":30,"route":"/api/v1/cases/:id","status":200}',
          '{"level":50,"err":{"message":"Key (id_number)=(11010519491231002x) already exists"}}',
          `{"level":30,"photo":"data:image/jpeg;base64,/9j/${'A'.repeat(80)}"}`,
        ].join('\n'),
      );
      writeFileSync(path.join(dir, 'clean.log'), '{"level":30,"msg":"request","route":"/readyz"}\n');
      writeFileSync(
        path.join(dir, 'raw.log'),
        Buffer.concat([Buffer.from('line\n'), Buffer.from([0xff, 0xd8, 0xff, 0xe0])]),
      );
      const leaks = scanLogs(filesUnder([dir]), watched).map(
        (l) => `${path.basename(l.file)}:${l.line}: ${l.what}`,
      );
      expect(leaks.sort()).toEqual([
        expect.stringMatching(/^api-1\.log:2: ID number from /),
        'api-1.log:3: photo bytes (base64)',
        'raw.log:2: photo bytes (JPEG)',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
