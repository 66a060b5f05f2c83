import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadProfiles } from './profiles/load';
import { tableEnd, tableStart, thresholdsTables } from './profiles/table';

describe.each([
  ['imaging/README.md', path.join(__dirname, 'README.md')],
  ['README.md', path.join(__dirname, '..', 'README.md')],
])('%s', (_name, file) => {
  it('publishes exactly the thresholds the profile data holds (regenerate: npx tsx imaging/profiles/table.ts)', () => {
    const readme = readFileSync(file, 'utf8');
    const start = readme.indexOf(tableStart);
    const end = readme.indexOf(tableEnd);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const published = readme.slice(start + tableStart.length, end).trim();
    expect(published).toBe(thresholdsTables(loadProfiles()));
  });
});
