/**
 * Robust anomaly detection on one daily series, with weekday seasonality:
 * 1. each day's residual r_t = log(x_t) − median(log x of the same weekday over the previous `weeks` weeks);
 * 2. the residual's robust scale = 1.4826 × MAD of the residuals over the previous `scaleDays` days (floored);
 * 3. an alert when |r_t − median| / scale ≥ sensitivity, the relative change exp(r_t) − 1 is at least `minRelative`,
 *    and the expected value (exp of the weekday median) is at least `minVolume`.
 * Medians make one past anomaly unable to move the baseline, and logs make spikes and drops symmetric.
 */

export interface DetectOptions {
  /** z threshold (robust); lower = more alerts. */
  readonly sensitivity: number;
  readonly minRelative: number;
  readonly minVolume: number;
  readonly weeks?: number;
  readonly scaleDays?: number;
  /** Only days at index ≥ this are reported (the evaluation window). */
  readonly fromIndex: number;
}

export interface Detection {
  readonly index: number;
  readonly value: number;
  readonly expected: number;
  readonly relativeChange: number;
  readonly score: number;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return Number.NaN;
  return n % 2 ? (s[(n - 1) / 2] as number) : ((s[n / 2 - 1] as number) + (s[n / 2] as number)) / 2;
}

const MIN_SCALE = 0.03;

export function detectSeries(values: readonly (number | null)[], opts: DetectOptions): Detection[] {
  const weeks = opts.weeks ?? 6;
  const scaleDays = opts.scaleDays ?? 56;
  const logs = values.map((v) => (v !== null && v > 0 ? Math.log(v) : null));
  const base: (number | null)[] = values.map(() => null);
  const resid: (number | null)[] = values.map(() => null);
  for (let t = 7 * weeks; t < values.length; t += 1) {
    const prior: number[] = [];
    for (let j = 1; j <= weeks; j += 1) {
      const v = logs[t - 7 * j];
      if (v !== null && v !== undefined) prior.push(v);
    }
    if (prior.length < weeks - 2) continue;
    base[t] = median(prior);
    const lt = logs[t];
    if (lt !== null && lt !== undefined) resid[t] = lt - (base[t] as number);
    else if (values[t] === 0) resid[t] = Math.log(1e-3); // a day that dropped to zero is the strongest drop
  }
  const out: Detection[] = [];
  for (let t = Math.max(opts.fromIndex, 0); t < values.length; t += 1) {
    const r = resid[t];
    const b = base[t];
    if (r === null || r === undefined || b === null || b === undefined) continue;
    const hist: number[] = [];
    for (let s = Math.max(0, t - scaleDays); s < t; s += 1) {
      const h = resid[s];
      if (h !== null && h !== undefined) hist.push(h);
    }
    if (hist.length < 20) continue;
    // A zero day is only news in a series that was never zero over the scale window: in a sparse series (a small
    // tenant's email revenue, a few orders a day) a zero is an ordinary day, and one zero makes the next plausible
    // (a 5 % share allowed 2 zeros in 56 days, and alerted on both).
    if (values[t] === 0) {
      let zeros = 0;
      for (let s = Math.max(0, t - scaleDays); s < t; s += 1) if (values[s] === 0) zeros += 1;
      if (zeros > 0) continue;
    }
    const mh = median(hist);
    const scale = Math.max(1.4826 * median(hist.map((h) => Math.abs(h - mh))), MIN_SCALE);
    const score = (r - mh) / scale;
    const expected = Math.exp(b);
    const relativeChange = Math.exp(r) - 1;
    if (
      Math.abs(score) >= opts.sensitivity &&
      Math.abs(relativeChange) >= opts.minRelative &&
      expected >= opts.minVolume
    ) {
      out.push({ index: t, value: values[t] ?? 0, expected, relativeChange, score });
    }
  }
  return out;
}
