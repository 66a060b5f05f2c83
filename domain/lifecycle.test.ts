import fs from 'node:fs';
import path from 'node:path';
import { canTransition, caseStatuses, lifecycleDiagram, statusTraits, transitions } from './lifecycle';

const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

describe('the lifecycle as data', () => {
  test("the README's state diagram is the one generated from the module", () => {
    const drawn = /<!-- lifecycle:start -->\n```mermaid\n([\s\S]*?)\n```\n<!-- lifecycle:end -->/.exec(
      readme,
    );
    expect(drawn?.[1]).toBe(lifecycleDiagram());
  });

  test('every status is reachable from received, and every transition names known statuses', () => {
    const reached = new Set(['received']);
    for (let grew = true; grew;) {
      grew = false;
      for (const t of Object.values(transitions))
        if (t.from.some((f) => reached.has(f)) && !reached.has(t.to)) grew = reached.add(t.to).size > 0;
    }
    expect([...reached].sort()).toEqual([...caseStatuses].sort());
  });

  test('final statuses are left only by the issued photo itself (superseded, revoked)', () => {
    for (const [name, t] of Object.entries(transitions)) {
      for (const from of t.from) {
        if (statusTraits[from].final) expect(['supersede', 'revoke']).toContain(name);
      }
    }
    expect(canTransition('approve', 'in_review')).toBe(true);
    expect(canTransition('approve', 'awaiting_second_approval')).toBe(false);
  });
});
