import { expect } from 'vitest';

/**
 * Asserts that an answer's number equals an independently computed one within floating-point noise:
 * `|got − want| ≤ max(abs, |want| × rel)` (defaults 1e-6 and 1e-9). `want` null means the answer must be null too.
 *
 * @example
 * expectClose(row['ads.spend'], Number(raw.spend), `${key} spend`);
 */
export function expectClose(
  got: unknown,
  want: number | null,
  what: string,
  tolerance: { readonly abs?: number; readonly rel?: number } = {},
): void {
  if (want === null) {
    expect(got, what).toBeNull();
    return;
  }
  expect(typeof got, what).toBe('number');
  expect(Math.abs((got as number) - want), `${what}: ${got} vs ${want}`).toBeLessThanOrEqual(
    Math.max(tolerance.abs ?? 1e-6, Math.abs(want) * (tolerance.rel ?? 1e-9)),
  );
}
