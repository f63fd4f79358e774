import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './index.js';

describe('token bucket', () => {
  it('allows a burst of `capacity`, then refuses with Retry-After until refilled', async () => {
    let now = 0;
    const limiter = createRateLimiter({ clock: () => now });
    const bucket = { capacity: 3, refillPerSecond: 0.5 };
    const take = () => limiter.take('tenant:a', bucket);
    expect([(await take()).allowed, (await take()).allowed, (await take()).allowed]).toEqual([true, true, true]);
    expect(await take()).toEqual({ allowed: false, retryAfterSeconds: 2 });
    now = 1000;
    expect(await take()).toEqual({ allowed: false, retryAfterSeconds: 1 }); // half a token so far
    now = 2000;
    expect((await take()).allowed).toBe(true);
    expect((await take()).allowed).toBe(false);
  });

  it('keeps buckets apart per key and never holds more than capacity', async () => {
    let now = 0;
    const limiter = createRateLimiter({ clock: () => now });
    const bucket = { capacity: 2, refillPerSecond: 10 };
    await limiter.take('tenant:a', bucket);
    await limiter.take('tenant:a', bucket);
    expect((await limiter.take('tenant:a', bucket)).allowed).toBe(false);
    expect((await limiter.take('tenant:b', bucket)).allowed).toBe(true);
    now = 60_000;
    const results = [];
    for (let i = 0; i < 3; i++) results.push((await limiter.take('tenant:a', bucket)).allowed);
    expect(results).toEqual([true, true, false]);
  });

  it('takeNow decides in-process limits synchronously, sharing the bucket with take; with Redis it defers', async () => {
    let now = 0;
    const limiter = createRateLimiter({ clock: () => now });
    const bucket = { capacity: 2, refillPerSecond: 1 };
    expect(limiter.takeNow?.('tenant:a', bucket)).toEqual({ allowed: true, retryAfterSeconds: 0 });
    expect((await limiter.take('tenant:a', bucket)).allowed).toBe(true);
    expect(limiter.takeNow?.('tenant:a', bucket)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now = 1000;
    expect(limiter.takeNow?.('tenant:a', bucket)?.allowed).toBe(true);
    let evals = 0;
    const shared = createRateLimiter({
      redis: {
        eval: async () => {
          evals++;
          return 0;
        },
      },
    });
    expect(shared.takeNow?.('tenant:a', bucket)).toBeUndefined();
    expect(evals).toBe(0);
  });

  it('falls back to the local bucket when Redis fails', async () => {
    const errors: unknown[] = [];
    const limiter = createRateLimiter({
      redis: { eval: async () => Promise.reject(new Error('down')) },
      onRedisError: (e) => errors.push(e),
    });
    expect((await limiter.take('k', { capacity: 1, refillPerSecond: 1 })).allowed).toBe(true);
    expect((await limiter.take('k', { capacity: 1, refillPerSecond: 1 })).allowed).toBe(false);
    expect(errors).toHaveLength(1);
  });
});
