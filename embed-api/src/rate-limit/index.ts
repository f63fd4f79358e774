/**
 * Token-bucket rate limits, per tenant (data routes) and per partner (every authenticated route). Each instance keeps
 * local buckets and checks them first (a flood is refused without a network round trip); when Redis is configured the
 * same bucket is also kept in Redis, shared by every instance, and a request must pass both. Refusals are 429 with
 * `Retry-After` (whole seconds, at least 1).
 *
 * @example
 * const limiter = createRateLimiter({ clock: () => Date.now() });
 * const r = await limiter.take('tenant:acme', { capacity: 100, refillPerSecond: 20 });
 * if (!r.allowed) throw rateLimited(r.retryAfterSeconds);
 */
import type { BucketConfig } from '../config/index.js';
import { MiqError } from '../errors/index.js';

export interface RateDecision {
  readonly allowed: boolean;
  /** When refused: seconds until one token is available again. */
  readonly retryAfterSeconds: number;
}

export interface RateLimiter {
  take(key: string, bucket: BucketConfig): Promise<RateDecision>;
  /**
   * The decision when it needs no I/O — always without Redis; with Redis only a local refusal — else undefined (call
   * `take`). Takes the token when it decides, exactly as `take` would. Lets the request path skip a promise.
   */
  takeNow?(key: string, bucket: BucketConfig): RateDecision | undefined;
}

/** The one Redis command the shared limiter needs (ioredis `eval`); injected to keep this module runtime-neutral. */
export interface RateLimitRedis {
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

export interface RateLimiterOptions {
  /** Epoch milliseconds. */
  readonly clock?: () => number;
  readonly redis?: RateLimitRedis;
  readonly prefix?: string;
  readonly onRedisError?: (error: unknown) => void;
  /** Largest number of local buckets kept (least recently created dropped first). */
  readonly maxBuckets?: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Atomic token bucket in Redis: KEYS[1]; ARGV capacity, refill/s, now ms. Returns ms to wait (0 = allowed). */
const REDIS_BUCKET = `
local cap = tonumber(ARGV[1]); local rate = tonumber(ARGV[2]); local now = tonumber(ARGV[3])
local b = redis.call('HMGET', KEYS[1], 't', 'a')
local tokens = tonumber(b[1]); local at = tonumber(b[2])
if tokens == nil then tokens = cap; at = now end
tokens = math.min(cap, tokens + math.max(0, now - at) * rate / 1000)
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) * 1000 / rate) end
redis.call('HSET', KEYS[1], 't', tostring(tokens), 'a', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(cap * 1000 / rate) + 1000)
return wait`;

export function createRateLimiter(options: RateLimiterOptions = {}): RateLimiter {
  const clock = options.clock ?? (() => Date.now());
  const prefix = options.prefix ?? 'miq:rl';
  const maxBuckets = options.maxBuckets ?? 100_000;
  const buckets = new Map<string, Bucket>();

  function takeLocal(key: string, { capacity, refillPerSecond }: BucketConfig, now: number): number {
    let b = buckets.get(key);
    if (b === undefined) {
      if (buckets.size >= maxBuckets) buckets.delete(buckets.keys().next().value as string);
      b = { tokens: capacity, at: now };
      buckets.set(key, b);
    }
    b.tokens = Math.min(capacity, b.tokens + ((now - b.at) * refillPerSecond) / 1000);
    b.at = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - b.tokens) * 1000) / refillPerSecond);
  }

  const decision = (waitMs: number): RateDecision => ({
    allowed: waitMs === 0,
    retryAfterSeconds: waitMs === 0 ? 0 : Math.max(1, Math.ceil(waitMs / 1000)),
  });

  return {
    takeNow(key, bucket) {
      if (options.redis !== undefined) return undefined;
      return decision(takeLocal(key, bucket, clock()));
    },
    async take(key, bucket) {
      const now = clock();
      const local = takeLocal(key, bucket, now);
      if (local > 0 || options.redis === undefined) return decision(local);
      try {
        const wait = Number(
          await options.redis.eval(REDIS_BUCKET, 1, `${prefix}:${key}`, bucket.capacity, bucket.refillPerSecond, now),
        );
        return decision(Number.isFinite(wait) ? wait : 0);
      } catch (error) {
        // Redis down: the local bucket still limits this instance.
        options.onRedisError?.(error);
        return decision(0);
      }
    },
  };
}

/** The 429 for a refused request. */
export function rateLimited(retryAfterSeconds: number, scope: 'tenant' | 'partner'): MiqError {
  return new MiqError('rate_limited', {
    details: [
      { field: '(request)', code: `${scope}_rate_limited`, message: `The ${scope} request rate limit was reached.` },
    ],
    headers: { 'Retry-After': String(retryAfterSeconds) },
  });
}
