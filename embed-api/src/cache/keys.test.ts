/**
 * The daily 06:00 rule: the cache day switches at 06:00 tenant-local time (expected values worked out by hand from
 * the zones' UTC offsets on those dates), so an entry written before 06:00 misses after it.
 */
import { describe, expect, it } from 'vitest';
import { cacheDay, cacheKey } from './keys.js';
import { createLruStore } from './lru/lru-store.js';
import { createMetricsRegistry } from './metrics.js';
import { createResponseCache } from './response-cache.js';

describe('cache day (06:00 local)', () => {
  it.each([
    // Chicago is UTC-6 in November: 05:59 local = 11:59Z, 06:00 local = 12:00Z.
    ['America/Chicago', '2026-11-25T11:59:00Z', '2026-11-24'],
    ['America/Chicago', '2026-11-25T12:00:00Z', '2026-11-25'],
    // Stockholm is UTC+1 in November: 06:00 local = 05:00Z; 00:30 local on the 26th still belongs to the 25th.
    ['Europe/Stockholm', '2026-11-25T04:59:00Z', '2026-11-24'],
    ['Europe/Stockholm', '2026-11-25T05:00:00Z', '2026-11-25'],
    ['Europe/Stockholm', '2026-11-25T23:30:00Z', '2026-11-25'],
    // Auckland is UTC+13 in November (daylight time): 06:00 local on the 26th = 17:00Z on the 25th.
    ['Pacific/Auckland', '2026-11-25T16:59:00Z', '2026-11-25'],
    ['Pacific/Auckland', '2026-11-25T17:00:00Z', '2026-11-26'],
    // Month and year boundaries.
    ['UTC', '2027-01-01T05:59:59Z', '2026-12-31'],
    ['UTC', '2026-03-01T03:00:00Z', '2026-02-28'],
  ])('%s at %s → %s', (tz, at, day) => {
    expect(cacheDay(tz, new Date(at))).toBe(day);
  });

  it('an entry from before 06:00 local misses after it; the key changes, the static tier does not', async () => {
    const k = (tier: 'metrics' | 'static', at: string) =>
      cacheKey({ tier, tenantId: 't', scopeKey: 's', catalogVersion: 'c', timeZone: 'UTC', parts: 'q' }, new Date(at));
    expect(await k('metrics', '2026-11-25T05:59:00Z')).not.toBe(await k('metrics', '2026-11-25T06:00:00Z'));
    expect(await k('metrics', '2026-11-25T06:00:00Z')).toBe(await k('metrics', '2026-11-25T23:59:00Z'));
    expect(await k('static', '2026-11-25T05:59:00Z')).toBe(await k('static', '2026-11-25T06:00:00Z'));

    const cache = createResponseCache({ store: createLruStore(), metrics: createMetricsRegistry() });
    const req = {
      tier: 'metrics' as const,
      tenantId: 't',
      scopeKey: 's',
      catalogVersion: 'c',
      timeZone: 'UTC',
      parts: 'q',
    };
    const text = { encode: (v: string) => v, decode: (t: string) => t };
    let n = 0;
    const compute = async () => `v${++n}`;
    expect((await cache.through(req, compute, text, { now: new Date('2026-11-25T05:58:00Z') })).status).toBe('miss');
    expect((await cache.through(req, compute, text, { now: new Date('2026-11-25T05:59:00Z') })).status).toBe('hit');
    expect((await cache.through(req, compute, text, { now: new Date('2026-11-25T06:00:00Z') })).status).toBe('miss');
  });
});
