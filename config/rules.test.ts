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

const foreigner = {
  category: 'foreigner',
  nationalityConflict: false,
  verdict: 'pass',
  channel: 'window',
} as const;
const military = {
  category: 'military',
  nationalityConflict: false,
  verdict: 'pass',
  channel: 'window',
} as const;
const qualityReview = {
  category: 'resident',
  nationalityConflict: false,
  verdict: 'review',
  channel: 'window',
} as const;
const conflict = {
  category: 'resident',
  nationalityConflict: true,
  verdict: 'pass',
  channel: 'window',
} as const;

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

describe('the review of a capture channel', () => {
  const phone = {
    category: 'resident',
    nationalityConflict: false,
    verdict: 'pass',
    channel: 'phone',
  } as const;
  const routeOf = (file: string, regionId: string, c: Parameters<typeof routeFor>[1]) =>
    routeFor(rulesFor(loadRuleBook(file), regionId), c);

  test('by default a passing phone capture goes to a person, a window capture is issued', () => {
    expect(routeOf('', 'sh', phone)).toEqual({ route: 'review', reason: 'channel:phone' });
    expect(routeOf('', 'sh', { ...phone, channel: 'window' })).toEqual({
      route: 'auto_issue',
      reason: 'verdict:pass',
    });
  });

  test('a phone capture the pipeline asks to retake goes back for the retake first', () => {
    expect(routeOf('', 'sh', { ...phone, verdict: 'retake' })).toEqual({
      route: 'retake',
      reason: 'verdict:retake',
    });
  });

  test("a region's rules may issue phone captures without a person; an unknown channel is refused", () => {
    const file = ruleFile({ regions: { hz: { reviewChannels: [] } } });
    expect(routeOf(file, 'hz', phone)).toEqual({ route: 'auto_issue', reason: 'verdict:pass' });
    expect(routeOf(file, 'sh', phone).route).toBe('review');
    const wrong = ruleFile({ default: { reviewChannels: ['kiosk'] } });
    expect(() => loadRuleBook(wrong)).toThrow(`${wrong}: default.reviewChannels`);
  });
});
