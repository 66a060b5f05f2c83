import { comparableZ, fairnessRule, isSpike, isUnusualVolume, twoProportionZ } from './drift';

describe('the two-proportion z-test', () => {
  test('matches a worked example: 45/100 against 30/100', () => {
    // pooled 0.375; se = sqrt(0.375 * 0.625 * 0.02) = 0.068465; z = 0.15 / 0.068465
    expect(twoProportionZ({ k: 45, n: 100 }, { k: 30, n: 100 })).toBeCloseTo(2.1909, 4);
  });
  test('is 0 with nothing to compare or no spread', () => {
    expect(twoProportionZ({ k: 0, n: 0 }, { k: 3, n: 10 })).toBe(0);
    expect(twoProportionZ({ k: 0, n: 50 }, { k: 0, n: 50 })).toBe(0);
  });
  test('compares only groups of the minimum size', () => {
    expect(comparableZ({ k: 20, n: 29 }, { k: 10, n: 500 }, fairnessRule)).toBeNull();
    expect(comparableZ({ k: 20, n: 30 }, { k: 10, n: 500 }, fairnessRule)).toBeGreaterThan(3);
  });
});

describe('a check spike at a station', () => {
  test('needs enough failures, and more than every reference with enough attempts', () => {
    const recent = { k: 20, n: 40 };
    expect(
      isSpike(recent, [
        { k: 28, n: 840 },
        { k: 1, n: 40 },
      ]).spike,
    ).toBe(true);
    // The city fails as often: a problem of the day (weather, a new rule), not of this station.
    expect(
      isSpike(recent, [
        { k: 28, n: 840 },
        { k: 18, n: 40 },
      ]).spike,
    ).toBe(false);
    // A reference too small is left out; none left, no alert.
    expect(isSpike(recent, [{ k: 0, n: 5 }])).toEqual({ spike: false, z: [] });
    expect(isSpike({ k: 4, n: 40 }, [{ k: 0, n: 800 }]).spike).toBe(false);
  });
});

describe('unusual volume', () => {
  test("well above a station's usual days, and at least twenty", () => {
    expect(isUnusualVolume(45, { mean: 0, stddev: 0 })).toBe(true);
    expect(isUnusualVolume(19, { mean: 0, stddev: 0 })).toBe(false);
    // 30 a day steadily: the Poisson spread (√30 ≈ 5.5) allows up to about 46.
    expect(isUnusualVolume(45, { mean: 30, stddev: 0 })).toBe(false);
    expect(isUnusualVolume(47, { mean: 30, stddev: 0 })).toBe(true);
  });
});
