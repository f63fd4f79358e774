/** Token rules enforced at verification time. */
export interface TokenPolicy {
  /** Required `aud` claim. */
  readonly audience: string;
  /** Required `typ` header. */
  readonly type: string;
  /** Allowed clock skew for `exp`, `nbf` and `iat`, in seconds (≤ 60). */
  readonly clockSkewSeconds: number;
  /** Server-side maximum of `exp - iat`, in seconds. */
  readonly maxLifetimeSeconds: number;
}

/** What `createApp` needs. */
export interface AppConfig {
  /** `demo`, `test`, `development` or `production`. */
  readonly env: string;
  /** Largest accepted request body, in bytes. */
  readonly bodyLimitBytes: number;
  readonly tokens: TokenPolicy;
  /** 32-byte AES key (base64) that decrypts stored HMAC secrets; without it HS256 keys cannot be used. */
  readonly masterKey: string | undefined;
  /** Per-check time limit of `GET /api/v1/health`, in milliseconds. */
  readonly healthTimeoutMs: number;
  /**
   * Origins allowed to call the API from a browser (`*` = any). Tokens are bearer headers, never cookies, so `*` leaks
   * nothing; per-partner origins and the `origin` claim tighten this with tenancy administration (issue 6).
   */
  readonly corsOrigins: readonly string[];
  /** Token buckets (issue 6): per tenant on data routes, per partner on every authenticated route. */
  readonly rateLimits: RateLimitConfig;
  /** Seconds a verified token stays in the verification cache (bounded by its `exp`); 0 turns the cache off. */
  readonly tokenCacheSeconds: number;
  /** JWKS URL fetching (partners that publish their keys instead of registering them). */
  readonly jwks: JwksConfig;
  /** SHA-256 (hex) of the operator token that guards `/api/v1/operator/*`; undefined disables those routes. */
  readonly operatorTokenSha256: string | undefined;
  /** Audit log buffering: flush every `flushMs` or when `batchSize` entries are waiting. */
  readonly audit: { readonly flushMs: number; readonly batchSize: number; readonly maxBuffered: number };
}

/** One token bucket: `capacity` requests at once, refilled at `refillPerSecond`. */
export interface BucketConfig {
  readonly capacity: number;
  readonly refillPerSecond: number;
}

export interface RateLimitConfig {
  readonly tenant: BucketConfig;
  readonly partner: BucketConfig;
}

export interface JwksConfig {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** How long a fetched key set is used before it is fetched again. */
  readonly cacheSeconds: number;
  /** An unknown `kid` refreshes the key set at most once per this interval per partner. */
  readonly minRefreshSeconds: number;
  /**
   * Hosts (`host` or `host:port`) exempt from the https-only and no-private-address rules. For tests only: set through
   * `MIQ_JWKS_TEST_ALLOW_HOSTS`, refused when `MIQ_ENV=production`.
   */
  readonly testAllowHosts: readonly string[];
}

/** Which warehouse the runtime opens: embedded DuckDB over `warehouseDir`, or Snowflake with key-pair auth. */
export type WarehouseConfig =
  | { readonly kind: 'duckdb'; readonly memoryLimit: string; readonly threads: number }
  | {
      readonly kind: 'snowflake';
      readonly account: string;
      readonly username: string;
      /** PEM inline (`SNOWFLAKE_PRIVATE_KEY`) or a file the entry reads (`SNOWFLAKE_PRIVATE_KEY_FILE`). */
      readonly privateKey: { readonly pem: string } | { readonly file: string };
      readonly privateKeyPassphrase: string | undefined;
      readonly warehouse: string;
      readonly role: string | undefined;
      readonly statementTimeoutSeconds: number;
    };

/** What a runtime entry needs to build the dependencies. Paths are as given (the entry resolves them). */
export interface RuntimeConfig {
  readonly app: AppConfig;
  readonly port: number;
  readonly host: string;
  /** Directory of the DuckDB tenant files and (by default) of `semantic_manifest.json`. */
  readonly warehouseDir: string;
  readonly semanticManifest: string;
  readonly warehouse: WarehouseConfig;
  /** PostgreSQL URL of the app database; when absent the embedded PGlite at `pgliteDir` is used. */
  readonly databaseUrl: string | undefined;
  readonly pgliteDir: string;
  /** Seed the demo partner, key and tenants at start-up. */
  readonly demo: boolean;
  readonly tenantsFile: string;
  /** Where the demo seed writes the partner id, kid and private key (git-ignored). */
  readonly demoPartnerFile: string;
  /** Redis shared by every instance (revocations, rate limits); undefined = single-instance, in-process only. */
  readonly redisUrl: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/** A configuration value is missing or invalid; the message names the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export const defaultAppConfig: AppConfig = {
  env: 'development',
  bodyLimitBytes: 1024 * 1024,
  tokens: { audience: 'marketing-iq', type: 'miq-embed+jwt', clockSkewSeconds: 60, maxLifetimeSeconds: 3600 },
  masterKey: undefined,
  healthTimeoutMs: 2000,
  corsOrigins: ['*'],
  rateLimits: {
    tenant: { capacity: 300, refillPerSecond: 100 },
    partner: { capacity: 2000, refillPerSecond: 500 },
  },
  tokenCacheSeconds: 60,
  jwks: { timeoutMs: 3000, maxBytes: 64 * 1024, cacheSeconds: 300, minRefreshSeconds: 30, testAllowHosts: [] },
  operatorTokenSha256: undefined,
  audit: { flushMs: 1000, batchSize: 200, maxBuffered: 50_000 },
};

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${value}`);
  return value;
}

function masterKey(env: Env): string | undefined {
  const raw = env.MIQ_MASTER_KEY;
  if (raw === undefined || raw === '') return undefined;
  let bytes: number;
  try {
    bytes = atob(raw).length;
  } catch {
    throw new ConfigError('MIQ_MASTER_KEY must be base64');
  }
  if (bytes !== 32) throw new ConfigError(`MIQ_MASTER_KEY must decode to 32 bytes, got ${bytes}`);
  return raw;
}

function corsOrigins(env: Env): readonly string[] {
  const raw = env.MIQ_CORS_ORIGINS;
  if (raw === undefined) return (env.MIQ_ENV || 'demo') === 'production' ? [] : ['*'];
  const origins = raw
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  for (const origin of origins) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/.test(origin)) {
      throw new ConfigError(`MIQ_CORS_ORIGINS entries must be * or scheme://host[:port], got "${origin}"`);
    }
  }
  return origins;
}

function operatorTokenSha256(env: Env): string | undefined {
  const hash = env.MIQ_OPERATOR_TOKEN_SHA256;
  if (hash !== undefined && hash !== '') {
    if (!/^[0-9a-f]{64}$/.test(hash))
      throw new ConfigError('MIQ_OPERATOR_TOKEN_SHA256 must be 64 lowercase hex digits');
    return hash;
  }
  return undefined;
}

function testAllowHosts(env: Env): readonly string[] {
  const raw = env.MIQ_JWKS_TEST_ALLOW_HOSTS;
  if (raw === undefined || raw.trim() === '') return [];
  if ((env.MIQ_ENV || 'demo') === 'production') {
    throw new ConfigError('MIQ_JWKS_TEST_ALLOW_HOSTS is for tests only and is refused when MIQ_ENV=production');
  }
  const hosts = raw.split(',').map((h) => h.trim().toLowerCase());
  for (const host of hosts) {
    if (!/^[a-z0-9.-]+(:\d{1,5})?$|^\[[0-9a-f:]+\](:\d{1,5})?$/.test(host)) {
      throw new ConfigError(`MIQ_JWKS_TEST_ALLOW_HOSTS entries must be host or host:port, got "${host}"`);
    }
  }
  return hosts;
}

/**
 * @example
 * const config = loadAppConfig({ MIQ_ENV: 'test', MIQ_BODY_LIMIT_BYTES: '65536' });
 */
export function loadAppConfig(env: Env): AppConfig {
  return {
    env: env.MIQ_ENV || 'demo',
    bodyLimitBytes: integer(env, 'MIQ_BODY_LIMIT_BYTES', defaultAppConfig.bodyLimitBytes, 1024, 64 * 1024 * 1024),
    tokens: {
      ...defaultAppConfig.tokens,
      clockSkewSeconds: integer(env, 'MIQ_TOKEN_CLOCK_SKEW_SECONDS', 60, 0, 60),
      maxLifetimeSeconds: integer(env, 'MIQ_TOKEN_MAX_LIFETIME_SECONDS', 3600, 60, 24 * 3600),
    },
    masterKey: masterKey(env),
    healthTimeoutMs: integer(env, 'MIQ_HEALTH_TIMEOUT_MS', defaultAppConfig.healthTimeoutMs, 10, 60_000),
    corsOrigins: corsOrigins(env),
    rateLimits: {
      tenant: {
        capacity: integer(env, 'MIQ_RATE_TENANT_BURST', defaultAppConfig.rateLimits.tenant.capacity, 1, 1_000_000),
        refillPerSecond: integer(env, 'MIQ_RATE_TENANT_PER_SECOND', 100, 1, 1_000_000),
      },
      partner: {
        capacity: integer(env, 'MIQ_RATE_PARTNER_BURST', defaultAppConfig.rateLimits.partner.capacity, 1, 1_000_000),
        refillPerSecond: integer(env, 'MIQ_RATE_PARTNER_PER_SECOND', 500, 1, 1_000_000),
      },
    },
    tokenCacheSeconds: integer(env, 'MIQ_TOKEN_CACHE_SECONDS', defaultAppConfig.tokenCacheSeconds, 0, 3600),
    jwks: {
      timeoutMs: integer(env, 'MIQ_JWKS_TIMEOUT_MS', defaultAppConfig.jwks.timeoutMs, 100, 30_000),
      maxBytes: integer(env, 'MIQ_JWKS_MAX_BYTES', defaultAppConfig.jwks.maxBytes, 1024, 1024 * 1024),
      cacheSeconds: integer(env, 'MIQ_JWKS_CACHE_SECONDS', defaultAppConfig.jwks.cacheSeconds, 0, 86_400),
      minRefreshSeconds: integer(env, 'MIQ_JWKS_MIN_REFRESH_SECONDS', defaultAppConfig.jwks.minRefreshSeconds, 0, 3600),
      testAllowHosts: testAllowHosts(env),
    },
    operatorTokenSha256: operatorTokenSha256(env),
    audit: {
      flushMs: integer(env, 'MIQ_AUDIT_FLUSH_MS', defaultAppConfig.audit.flushMs, 10, 60_000),
      batchSize: integer(env, 'MIQ_AUDIT_BATCH_SIZE', defaultAppConfig.audit.batchSize, 1, 10_000),
      maxBuffered: defaultAppConfig.audit.maxBuffered,
    },
  };
}

function warehouseConfig(env: Env, memoryLimit: string): WarehouseConfig {
  const kind = env.MIQ_WAREHOUSE || 'duckdb';
  if (kind === 'duckdb') return { kind, memoryLimit, threads: integer(env, 'MIQ_DUCKDB_THREADS', 2, 1, 64) };
  if (kind !== 'snowflake') throw new ConfigError(`MIQ_WAREHOUSE must be duckdb or snowflake, got "${kind}"`);
  const required = (name: string): string => {
    const value = env[name];
    if (value === undefined || value === '') throw new ConfigError(`${name} is required when MIQ_WAREHOUSE=snowflake`);
    return value;
  };
  const pem = env.SNOWFLAKE_PRIVATE_KEY || undefined;
  const file = env.SNOWFLAKE_PRIVATE_KEY_FILE || undefined;
  if ((pem === undefined) === (file === undefined)) {
    throw new ConfigError('Set exactly one of SNOWFLAKE_PRIVATE_KEY (PEM) and SNOWFLAKE_PRIVATE_KEY_FILE');
  }
  return {
    kind,
    account: required('SNOWFLAKE_ACCOUNT'),
    username: required('SNOWFLAKE_USER'),
    privateKey: pem !== undefined ? { pem } : { file: file! },
    privateKeyPassphrase: env.SNOWFLAKE_PRIVATE_KEY_PASSPHRASE || undefined,
    warehouse: required('SNOWFLAKE_WAREHOUSE'),
    role: env.SNOWFLAKE_ROLE || undefined,
    statementTimeoutSeconds: integer(env, 'SNOWFLAKE_STATEMENT_TIMEOUT_SECONDS', 60, 1, 3600),
  };
}

function redisUrl(env: Env): string | undefined {
  const url = env.REDIS_URL || undefined;
  if (url !== undefined && !/^rediss?:\/\//.test(url))
    throw new ConfigError('REDIS_URL must be a redis:// or rediss:// URL');
  return url;
}

/**
 * @example
 * const config = loadRuntimeConfig(process.env); // in runtime/node.ts only
 */
export function loadRuntimeConfig(env: Env): RuntimeConfig {
  const app = loadAppConfig(env);
  const host = env.HOST || '127.0.0.1';
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const memory = env.MIQ_DUCKDB_MEMORY_LIMIT || '1GB';
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i.test(memory)) {
    throw new ConfigError(`MIQ_DUCKDB_MEMORY_LIMIT must look like "512MB" or "2GB", got "${memory}"`);
  }
  const demoFlag = env.MIQ_DEMO_SEED;
  if (demoFlag !== undefined && demoFlag !== '' && demoFlag !== '0' && demoFlag !== '1') {
    throw new ConfigError('MIQ_DEMO_SEED must be 0 or 1');
  }
  const warehouseDir = env.MIQ_WAREHOUSE_DIR || 'data/demo';
  return {
    app,
    port: integer(env, 'PORT', 8787, 0, 65535),
    host,
    warehouseDir,
    semanticManifest: env.MIQ_SEMANTIC_MANIFEST || `${warehouseDir.replace(/\/+$/, '')}/semantic_manifest.json`,
    warehouse: warehouseConfig(env, memory),
    databaseUrl,
    pgliteDir: env.MIQ_PGLITE_DIR || `.miq/pglite-${app.env}`,
    demo: demoFlag ? demoFlag === '1' : app.env === 'demo',
    tenantsFile: env.MIQ_TENANTS_FILE || 'dbt/generator/tenants.json',
    demoPartnerFile: env.MIQ_DEMO_PARTNER_FILE || '.miq/demo-partner.json',
    redisUrl: redisUrl(env),
  };
}
