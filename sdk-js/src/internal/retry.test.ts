import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from './retry.js';

describe('parseRetryAfter', () => {
  const now = Date.UTC(2026, 10, 25, 16, 0, 0);
  it.each([
    ['0', 0],
    ['3', 3000],
    [' 120 ', 120_000],
    ['1.5', 1500],
    ['Wed, 25 Nov 2026 16:00:07 GMT', 7000],
    ['Wed, 25 Nov 2026 15:59:00 GMT', 0], // a date in the past: retry now
  ])('%j → %i ms', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });
  it.each([null, '', 'soon', '-1', '3s'])('%j → undefined', (value) => {
    expect(parseRetryAfter(value, now)).toBeUndefined();
  });
});

describe('backoffDelay', () => {
  it('is half fixed, half random, doubling per attempt and capped', () => {
    expect(backoffDelay(0, 250, 5000, () => 0)).toBe(125);
    expect(backoffDelay(0, 250, 5000, () => 1)).toBe(250);
    expect(backoffDelay(3, 250, 5000, () => 0.5)).toBe(1500); // 2000/2 + 0.5·1000
    expect(backoffDelay(10, 250, 5000, () => 1)).toBe(5000);
  });
});
