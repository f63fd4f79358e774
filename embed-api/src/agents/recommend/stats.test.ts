import { describe, expect, it } from 'vitest';
import { fitRamp, poissonLowerTail, poissonUpperTail, robustScale, weightedSlope } from './stats.js';

describe('fitRamp', () => {
  it('with the ramp at 0 or 1 only, equals the closed-form log ratio of the two rates and its Poisson error', () => {
    // Two groups: the MLE is ln((k1/n1)/(k0/n0)), its standard error √(1/k0 + 1/k1).
    const fit = fitRamp([
      { n: 1000, k: 30, x: 0 },
      { n: 3000, k: 60, x: 0 },
      { n: 2000, k: 20, x: 1 },
    ]);
    expect(fit).not.toBeNull();
    expect(fit?.beta).toBeCloseTo(Math.log(20 / 2000 / (90 / 4000)), 9);
    expect(fit?.se).toBeCloseTo(Math.sqrt(1 / 90 + 1 / 20), 9);
    expect(fit?.baseRate).toBeCloseTo(90 / 4000, 9);
    expect(fit?.baseEvents).toBe(90);
    expect(fit?.rampEvents).toBe(20);
  });

  it('recovers a log-linear ramp from expected counts exactly', () => {
    const beta = Math.log(0.55);
    const obs = [];
    for (let d = -28; d <= 14; d += 1) {
      const x = Math.max(0, d / 14);
      const n = 400 + ((d * 37) % 90);
      obs.push({ n, k: n * 0.01 * Math.exp(beta * x), x });
    }
    const fit = fitRamp(obs);
    expect(fit?.beta).toBeCloseTo(beta, 6);
    expect(fit?.baseRate).toBeCloseTo(0.01, 8);
  });

  it('returns null without events before or on the ramp', () => {
    expect(
      fitRamp([
        { n: 100, k: 0, x: 0 },
        { n: 100, k: 5, x: 1 },
      ]),
    ).toBeNull();
    expect(
      fitRamp([
        { n: 100, k: 4, x: 0 },
        { n: 100, k: 0, x: 0.5 },
      ]),
    ).toBeNull();
    expect(fitRamp([])).toBeNull();
  });
});

describe('robustScale and weightedSlope', () => {
  it('robustScale is 1.4826 × the median absolute deviation and ignores a minority of outliers', () => {
    // median 3, deviations 2,1,0,1,2 → MAD 1
    expect(robustScale([1, 2, 3, 4, 5])).toBeCloseTo(1.4826, 9);
    expect(robustScale([1, 2, 3, 4, 5, 1000, -1000].slice(0, 6))).toBeCloseTo(1.4826 * 1.5, 9);
    expect(robustScale([])).toBeNaN();
  });

  it('weightedSlope is the least-squares slope, weights included', () => {
    expect(weightedSlope([0, 1, 2, 3].map((t) => ({ t, y: 2 * t + 1, w: 1 + t })))).toBeCloseTo(2, 12);
    // Unweighted two-point check against the usual formula: points (0,0), (1,1), (2,1) → slope 0.5
    expect(
      weightedSlope([
        { t: 0, y: 0, w: 1 },
        { t: 1, y: 1, w: 1 },
        { t: 2, y: 1, w: 1 },
      ]),
    ).toBeCloseTo(0.5, 12);
    expect(weightedSlope([{ t: 1, y: 1, w: 1 }])).toBeNaN();
  });
});

describe('Poisson tails', () => {
  it('match closed forms', () => {
    expect(poissonLowerTail(0, 3)).toBeCloseTo(Math.exp(-3), 12);
    expect(poissonLowerTail(2, 2)).toBeCloseTo(5 * Math.exp(-2), 12);
    expect(poissonLowerTail(2.7, 2)).toBeCloseTo(5 * Math.exp(-2), 12);
    expect(poissonUpperTail(1, 4)).toBeCloseTo(1 - Math.exp(-4), 12);
    expect(poissonUpperTail(0.2, 4)).toBeCloseTo(1 - Math.exp(-4), 12);
    // P(X ≥ 3 | 2) = 1 − 5e^−2
    expect(poissonUpperTail(3, 2)).toBeCloseTo(1 - 5 * Math.exp(-2), 12);
    expect(poissonLowerTail(-1, 2)).toBe(0);
    expect(poissonUpperTail(0, 2)).toBe(1);
  });

  it('keep tiny upper tails and large means finite', () => {
    // P(X ≥ 40 | 5): the first term dominates, 5^40 e^−5 / 40! ≈ 1.1e−18 (× ~1.14 for the rest)
    const first = Math.exp(40 * Math.log(5) - 5 - [...Array(40).keys()].reduce((s, i) => s + Math.log(i + 1), 0));
    expect(poissonUpperTail(40, 5)).toBeGreaterThan(first);
    expect(poissonUpperTail(40, 5)).toBeLessThan(1.2 * first);
    expect(poissonLowerTail(900, 1000)).toBeGreaterThan(0);
    expect(poissonLowerTail(900, 1000)).toBeLessThan(0.01);
    expect(poissonLowerTail(1100, 1000)).toBeGreaterThan(0.99);
  });
});
