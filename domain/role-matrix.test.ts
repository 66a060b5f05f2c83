import { readFileSync } from 'node:fs';
import path from 'node:path';
import { actions, lifecycleAllows, lifecycleSteps } from './ability';
import { matrixRows, reachOf, roleMatrix, roleMatrixTable, roleProfiles } from './role-matrix';

describe('role matrix', () => {
  test('the README publishes exactly the matrix the rules give (regenerate: npm run roles:table)', () => {
    const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    const table = /<!-- role-matrix:start -->\n([\s\S]*?)\n<!-- role-matrix:end -->/.exec(readme)?.[1];
    expect(table).toBe(roleMatrixTable());
  });

  test('every action has a row (a new action cannot be left out of the README)', () => {
    const shown = new Set(matrixRows.map(([, action]) => action));
    expect(actions.filter((a) => !shown.has(a) && a !== 'create')).toEqual([]);
  });

  test('no role with a region or station claim reaches a case or capture beyond its region', () => {
    const bounded = roleProfiles.filter((p) => p.claims !== 'none');
    const placed = roleMatrix().filter((row) => row.subject !== 'Station');
    const beyond = placed.flatMap((row) =>
      bounded.filter((p) => row.reach[p.id] === 'province').map((p) => `${p.id} ${row.action}`),
    );
    expect(beyond).toEqual([]);
  });

  test('administrators manage cases and captures of their region (province-wide: everywhere) but take no lifecycle step given to others', () => {
    const [regional, province] = ['admin (regional)', 'admin (province)'].map((id) =>
      roleProfiles.find((p) => p.id === id)!,
    );
    for (const [subject, action] of matrixRows) {
      const provinceReach = reachOf(province!, action, subject);
      if (subject === 'Station') expect([action, provinceReach]).toEqual([action, 'province']);
      else {
        const allowed = lifecycleAllows('admin', action);
        expect([action, reachOf(regional!, action, subject)]).toEqual([action, allowed ? 'region' : 'none']);
        expect([action, provinceReach]).toEqual([action, allowed ? 'province' : 'none']);
      }
    }
  });

  test('no role may do a step of the lifecycle that the lifecycle does not give it', () => {
    const beyond = roleMatrix()
      .filter((row) => lifecycleSteps[row.action])
      .flatMap((row) =>
        roleProfiles
          .filter((p) => row.reach[p.id] !== 'none' && !lifecycleAllows(p.role, row.action))
          .map((p) => `${p.id} ${row.action}`),
      );
    expect(beyond).toEqual([]);
  });
});
