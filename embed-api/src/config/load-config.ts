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
  };
}
