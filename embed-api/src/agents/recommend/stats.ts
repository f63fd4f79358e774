/**
 * Small robust statistics for the analyzers (no dependencies): a Poisson ramp fit for rates (clicks per impression)
 * and the median absolute deviation.
 */
import { median } from './types.js';

export interface RateObservation {
  /** Exposure (e.g. impressions). */
  readonly n: number;
  /** Events (e.g. clicks). */
  readonly k: number;
  /** Ramp position: 0 before and at the start of the ramp, 1 at its end. */
  readonly x: number;
}

export interface RampFit {
  /** Log of the rate at the end of the ramp over the rate before it (`exp(beta) - 1` = relative change). */
  readonly beta: number;
  /** Its standard error under the Poisson model. */
  readonly se: number;
  /** The rate before the ramp. */
  readonly baseRate: number;
  /** Events on the ramp (x > 0). */
  readonly rampEvents: number;
  /** Events before it (x = 0). */
  readonly baseEvents: number;
}

/**
 * Maximum-likelihood fit of `k ~ Poisson(n · exp(a + beta · x))`: the rate is flat before the ramp and moves
 * log-linearly along it. Using every day (rather than a few days at each end) is what makes the estimate stable when
 * events per day are few. Returns null without events on both sides.
 */
export function fitRamp(obs: readonly RateObservation[]): RampFit | null {
  const data = obs.filter((o) => o.n > 0);
  const baseN = data.filter((o) => o.x === 0).reduce((s, o) => s + o.n, 0);
  const baseK = data.filter((o) => o.x === 0).reduce((s, o) => s + o.k, 0);
  const rampK = data.filter((o) => o.x > 0).reduce((s, o) => s + o.k, 0);
  const totalN = data.reduce((s, o) => s + o.n, 0);
  const totalK = baseK + rampK;
  if (totalK <= 0 || baseK <= 0 || rampK <= 0 || baseN <= 0) return null;
  let a = Math.log(totalK / totalN);
  let b = 0;
  let h00 = 0;
  let h01 = 0;
  let h11 = 0;
  for (let iter = 0; iter < 100; iter += 1) {
    let g0 = 0;
    let g1 = 0;
    h00 = 0;
    h01 = 0;
    h11 = 0;
    for (const o of data) {
      const mu = o.n * Math.exp(a + b * o.x);
      g0 += o.k - mu;
      g1 += (o.k - mu) * o.x;
      h00 += mu;
      h01 += mu * o.x;
      h11 += mu * o.x * o.x;
    }
    const det = h00 * h11 - h01 * h01;
    if (!(det > 0)) return null;
    const da = (h11 * g0 - h01 * g1) / det;
    const db = (h00 * g1 - h01 * g0) / det;
    // Damped Newton steps: a rate cannot move by more than e^2 per step.
    const scale = Math.max(1, Math.abs(da) / 2, Math.abs(db) / 2);
    a += da / scale;
    b += db / scale;
    if (Math.abs(da) + Math.abs(db) < 1e-10) break;
  }
  const det = h00 * h11 - h01 * h01;
  return { beta: b, se: Math.sqrt(h00 / det), baseRate: Math.exp(a), rampEvents: rampK, baseEvents: baseK };
}

/** 1.4826 × the median absolute deviation from the median: a standard deviation that ignores outliers. */
export function robustScale(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  const m = median(xs);
  return 1.4826 * median(xs.map((x) => Math.abs(x - m)));
}

/** Weighted least-squares slope of y on t. */
export function weightedSlope(points: readonly { t: number; y: number; w: number }[]): number {
  const w = points.reduce((s, p) => s + p.w, 0);
  if (w <= 0) return Number.NaN;
  const tm = points.reduce((s, p) => s + p.w * p.t, 0) / w;
  const ym = points.reduce((s, p) => s + p.w * p.y, 0) / w;
  const sxy = points.reduce((s, p) => s + p.w * (p.t - tm) * (p.y - ym), 0);
  const sxx = points.reduce((s, p) => s + p.w * (p.t - tm) ** 2, 0);
  return sxx > 0 ? sxy / sxx : Number.NaN;
}

/** log(k!) for integers k ≥ 0 (summed; k is a count of conversions or bounces here). */
function logFactorial(k: number): number {
  let s = 0;
  for (let i = 2; i <= k; i += 1) s += Math.log(i);
  return s;
}

/** P(X ≤ k) for X ~ Poisson(lambda); k is rounded down. */
export function poissonLowerTail(k: number, lambda: number): number {
  const n = Math.floor(k);
  if (n < 0) return 0;
  if (lambda <= 0) return 1;
  let logTerm = -lambda; // log P(X = 0)
  let sum = Math.exp(logTerm);
  for (let i = 1; i <= n; i += 1) {
    logTerm += Math.log(lambda) - Math.log(i);
    sum += Math.exp(logTerm);
  }
  return Math.min(1, sum);
}

/** P(X ≥ k) for X ~ Poisson(lambda); k is rounded up. Summed upward, so tiny tails keep their precision. */
export function poissonUpperTail(k: number, lambda: number): number {
  const n = Math.ceil(k);
  if (n <= 0) return 1;
  if (lambda <= 0) return 0;
  let logTerm = n * Math.log(lambda) - lambda - logFactorial(n);
  let sum = 0;
  for (let i = n; i < n + 100_000; i += 1) {
    const term = Math.exp(logTerm);
    sum += term;
    if (i > lambda && term < sum * 1e-16) break;
    logTerm += Math.log(lambda) - Math.log(i + 1);
  }
  return Math.min(1, sum);
}
