/** Statuses worth retrying: rate limited, or a gateway/upstream that may recover. Never any other 4xx. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * Parses `Retry-After` (delta seconds or an HTTP date) into milliseconds from `now`; undefined when absent or invalid.
 *
 * @example parseRetryAfter('2') === 2000
 */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value == null || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  // An HTTP date always names its weekday or month; this keeps things like "-1" from parsing as a year.
  const at = /[a-z]/i.test(v) ? Date.parse(v) : Number.NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Delay before retry number `attempt` (0-based): exponential with "equal jitter" (half fixed, half random), so
 * clients that failed together do not come back together.
 */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random) {
  const exp = Math.min(maxMs, baseMs * 2 ** attempt);
  return exp / 2 + random() * (exp / 2);
}
