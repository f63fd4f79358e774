import { describe, expect, it } from 'vitest';
import { ConfigError, loadAppConfig, loadRuntimeConfig } from './index.js';

describe('tenancy and security settings', () => {
  it('reads rate limits, cache, JWKS, operator and audit settings', () => {
    const config = loadAppConfig({
      MIQ_RATE_TENANT_BURST: '10',
      MIQ_RATE_TENANT_PER_SECOND: '2',
      MIQ_RATE_PARTNER_BURST: '50',
      MIQ_RATE_PARTNER_PER_SECOND: '20',
      MIQ_TOKEN_CACHE_SECONDS: '0',
      MIQ_JWKS_TIMEOUT_MS: '500',
      MIQ_JWKS_TEST_ALLOW_HOSTS: '127.0.0.1:9999',
      MIQ_OPERATOR_TOKEN_SHA256: 'a'.repeat(64),
      MIQ_AUDIT_FLUSH_MS: '250',
    });
    expect(config).toMatchObject({
      rateLimits: { tenant: { capacity: 10, refillPerSecond: 2 }, partner: { capacity: 50, refillPerSecond: 20 } },
      tokenCacheSeconds: 0,
      jwks: { timeoutMs: 500, testAllowHosts: ['127.0.0.1:9999'] },
      operatorTokenSha256: 'a'.repeat(64),
      audit: { flushMs: 250 },
    });
    expect(loadRuntimeConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).redisUrl).toBe('redis://127.0.0.1:6379');
  });

  it.each([
    [{ MIQ_RATE_TENANT_BURST: '0' }, /MIQ_RATE_TENANT_BURST/],
    [{ MIQ_OPERATOR_TOKEN_SHA256: 'secret' }, /MIQ_OPERATOR_TOKEN_SHA256/],
    [{ MIQ_ENV: 'production', MIQ_JWKS_TEST_ALLOW_HOSTS: '127.0.0.1:1' }, /tests only/],
    [{ MIQ_JWKS_TEST_ALLOW_HOSTS: 'http://x/' }, /host or host:port/],
    [{ REDIS_URL: 'http://redis' }, /REDIS_URL/],
  ])('refuses %o', (env, message) => {
    expect(() => loadRuntimeConfig(env)).toThrow(ConfigError);
    expect(() => loadRuntimeConfig(env)).toThrow(message);
  });
});
