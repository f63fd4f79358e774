import { describe, expect, it } from 'vitest';
import { ConfigError, loadRuntimeConfig } from './index.js';

describe('configuration from the environment', () => {
  it('has working defaults: demo mode, PGlite, 127.0.0.1:8787, 1 MB bodies, 1 h tokens', () => {
    const config = loadRuntimeConfig({});
    expect(config).toMatchObject({
      port: 8787,
      host: '127.0.0.1',
      warehouseDir: 'data/demo',
      semanticManifest: 'data/demo/semantic_manifest.json',
      warehouse: { kind: 'duckdb', memoryLimit: '1GB', threads: 2 },
      databaseUrl: undefined,
      pgliteDir: '.miq/pglite-demo',
      demo: true,
      demoPartnerFile: '.miq/demo-partner.json',
      app: {
        env: 'demo',
        bodyLimitBytes: 1048576,
        masterKey: undefined,
        tokens: { audience: 'marketing-iq', type: 'miq-embed+jwt', clockSkewSeconds: 60, maxLifetimeSeconds: 3600 },
      },
    });
  });

  it('reads overrides; seeding follows MIQ_ENV unless MIQ_DEMO_SEED says otherwise', () => {
    const config = loadRuntimeConfig({
      PORT: '9000',
      MIQ_ENV: 'production',
      DATABASE_URL: 'postgres://u@db:5432/miq',
      MIQ_BODY_LIMIT_BYTES: '65536',
      MIQ_MASTER_KEY: btoa('k'.repeat(32)),
    });
    expect(config).toMatchObject({
      port: 9000,
      demo: false,
      databaseUrl: 'postgres://u@db:5432/miq',
      pgliteDir: '.miq/pglite-production',
    });
    expect(config.app.bodyLimitBytes).toBe(65536);
    expect(loadRuntimeConfig({ MIQ_ENV: 'test', MIQ_DEMO_SEED: '1' }).demo).toBe(true);
    expect(loadRuntimeConfig({ MIQ_DEMO_SEED: '0' }).demo).toBe(false);
    expect(config.app.corsOrigins).toEqual([]);
    expect(loadRuntimeConfig({}).app.corsOrigins).toEqual(['*']);
    expect(loadRuntimeConfig({ MIQ_CORS_ORIGINS: 'https://a.example, http://localhost:6006' }).app.corsOrigins).toEqual(
      ['https://a.example', 'http://localhost:6006'],
    );
  });

  it('configures Snowflake with key-pair auth, and names what is missing', () => {
    const env = {
      MIQ_WAREHOUSE: 'snowflake',
      SNOWFLAKE_ACCOUNT: 'xy12345.eu-central-1',
      SNOWFLAKE_USER: 'MIQ_API',
      SNOWFLAKE_PRIVATE_KEY_FILE: '/run/secrets/sf.p8',
      SNOWFLAKE_WAREHOUSE: 'MIQ_API_WH',
      MIQ_SEMANTIC_MANIFEST: '/srv/miq/semantic_manifest.json',
    };
    expect(loadRuntimeConfig(env)).toMatchObject({
      semanticManifest: '/srv/miq/semantic_manifest.json',
      warehouse: {
        kind: 'snowflake',
        account: 'xy12345.eu-central-1',
        privateKey: { file: '/run/secrets/sf.p8' },
        statementTimeoutSeconds: 60,
      },
    });
    expect(() => loadRuntimeConfig({ ...env, SNOWFLAKE_USER: '' })).toThrow(/SNOWFLAKE_USER is required/);
    expect(() => loadRuntimeConfig({ ...env, SNOWFLAKE_PRIVATE_KEY: 'pem' })).toThrow(/exactly one/);
    expect(() => loadRuntimeConfig({ MIQ_WAREHOUSE: 'bigquery' })).toThrow(/MIQ_WAREHOUSE must be/);
  });

  it.each([
    [{ PORT: 'abc' }, /PORT must be a whole number/],
    [{ PORT: '70000' }, /PORT must be between/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL/],
    [{ MIQ_TOKEN_CLOCK_SKEW_SECONDS: '300' }, /MIQ_TOKEN_CLOCK_SKEW_SECONDS must be between 0 and 60/],
    [{ MIQ_TOKEN_MAX_LIFETIME_SECONDS: '999999' }, /MIQ_TOKEN_MAX_LIFETIME_SECONDS/],
    [{ MIQ_MASTER_KEY: btoa('short') }, /MIQ_MASTER_KEY must decode to 32 bytes/],
    [{ MIQ_MASTER_KEY: '***' }, /MIQ_MASTER_KEY must be base64/],
    [{ MIQ_DUCKDB_MEMORY_LIMIT: 'lots' }, /MIQ_DUCKDB_MEMORY_LIMIT/],
    [{ MIQ_DEMO_SEED: 'yes' }, /MIQ_DEMO_SEED must be 0 or 1/],
    [{ MIQ_CORS_ORIGINS: 'https://ok.example, javascript:alert(1)' }, /MIQ_CORS_ORIGINS/],
  ])('refuses %o naming the variable', (env, message) => {
    expect(() => loadRuntimeConfig(env)).toThrow(ConfigError);
    expect(() => loadRuntimeConfig(env)).toThrow(message);
  });
});
