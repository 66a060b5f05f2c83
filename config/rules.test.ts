import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reviewSlasFor, routeFor, rulesFor } from '../domain/rules';
import { loadRuleBook } from './rules';

const hours = (n: number) => n * 3600;
/** REVIEW_SLA_SECONDS, as the API's timers give it. */
const fallback = hours(4);

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongpai-rules-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function ruleFile(content: unknown): string {
  const file = path.join(dir, `rules-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(content));
  return file;
}

/** The SLAs of a case as routing gives them: routed by the rules of its region, then its queue's SLA. */
function slasOf(
  file: string,
  regionId: string,
  c: Parameters<typeof routeFor>[1],
): ReturnType<typeof reviewSlasFor> {
  const rules = rulesFor(loadRuleBook(file), regionId);
  return reviewSlasFor(rules, { category: c.category, reason: routeFor(rules, c).reason }, fallback);
}

const foreigner = { category: 'foreigner', nationalityConflict: false, verdict: 'pass' } as const;
const military = { category: 'military', nationalityConflict: false, verdict: 'pass' } as const;
const qualityReview = { category: 'resident', nationalityConflict: false, verdict: 'review' } as const;
const conflict = { category: 'resident', nationalityConflict: true, verdict: 'pass' } as const;

describe('review SLAs per queue in the rule book', () => {
  test('without a rules file every queue keeps REVIEW_SLA_SECONDS', () => {
    for (const c of [foreigner, qualityReview, conflict])
      expect(slasOf('', 'sh', c)).toEqual({ reviewSlaSeconds: fallback, secondApprovalSlaSeconds: fallback });
  });

  test('special categories, quality review and the second approval each have their own; the rest the default', () => {
    const file = ruleFile({
      default: {
        reviewSla: {
          default: hours(8),
          categories: { foreigner: hours(24) },
          qualityReview: hours(1),
          secondApproval: hours(2),
        },
      },
    });
    expect(slasOf(file, 'sh', foreigner)).toEqual({
      reviewSlaSeconds: hours(24),
      secondApprovalSlaSeconds: hours(2),
    });
    expect(slasOf(file, 'sh', qualityReview).reviewSlaSeconds).toBe(hours(1));
    expect(slasOf(file, 'sh', military).reviewSlaSeconds).toBe(hours(8));
    expect(slasOf(file, 'sh', conflict).reviewSlaSeconds).toBe(hours(8));
  });

  test("a region's table replaces the default one; a queue it leaves out falls back to REVIEW_SLA_SECONDS", () => {
    const file = ruleFile({
      default: { reviewSla: { default: hours(8), qualityReview: hours(1) } },
      regions: { zj: { reviewSla: { categories: { military: 30 } } } },
    });
    expect(slasOf(file, 'zj', military).reviewSlaSeconds).toBe(30);
    expect(slasOf(file, 'zj', qualityReview)).toEqual({
      reviewSlaSeconds: fallback,
      secondApprovalSlaSeconds: fallback,
    });
    expect(slasOf(file, 'sh', qualityReview).reviewSlaSeconds).toBe(hours(1));
  });

  test.each([
    [{ qualityReview: 0 }, 'default.reviewSla.qualityReview'],
    [{ secondApproval: 1.5 }, 'default.reviewSla.secondApproval'],
    [{ categories: { pilot: 60 } }, 'default.reviewSla.categories'],
    [{ qualityReveiw: 60 }, 'default.reviewSla'],
  ])('a rules file with reviewSla %j is refused, naming %s', (reviewSla, where) => {
    const file = ruleFile({ default: { reviewSla } });
    expect(() => loadRuleBook(file)).toThrow(`${file}: ${where}`);
  });
});
