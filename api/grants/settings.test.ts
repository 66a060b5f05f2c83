import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { developmentGrantCodeKey } from './settings';

test('the development key is generated once and kept', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'grant-key-'));
  try {
    const key = developmentGrantCodeKey(dataDir);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(developmentGrantCodeKey(dataDir)).toBe(key);
    expect(fs.statSync(path.join(dataDir, 'keys', 'grant-code.key')).mode & 0o777).toBe(0o600);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});
