/**
 * Cloudflare Workers entry (`infra/workers/wrangler.toml`): the same `createApp` with an HTTP-friendly dependency set —
 * Snowflake through its SQL REST API (`warehouse/snowflake-http`), the app database through SQL over HTTP
 * (`app-db/http`), in-process caches and rate limits per isolate. No DuckDB, no Node built-ins: `make test` bundles this
 * file with `wrangler deploy --dry-run` so Node-only code cannot creep into the shared app.
 *
 * Bindings (vars/secrets): `MIQ_SEMANTIC_MANIFEST_JSON` (the catalog, dbt's semantic_manifest.json as text),
 * `SNOWFLAKE_ACCOUNT`, `SNOWFLAKE_USER`, `SNOWFLAKE_PRIVATE_KEY` (PKCS#8 PEM), `SNOWFLAKE_WAREHOUSE`, `SNOWFLAKE_ROLE`,
 * `MIQ_APP_DB_HTTP_URL` + `DATABASE_URL` (app database), and the usual `MIQ_*` settings read by `loadAppConfig`.
 */
import { createApp } from '../app.js';
import { createHttpAppDb } from '../app-db/http/index.js';
import { loadAppConfig } from '../config/index.js';
import { createJsonLogger } from '../logger.js';
import { createSemanticLayer, loadCatalog } from '../semantic/index.js';
import { createSnowflakeHttpWarehouse } from '../warehouse/snowflake-http/snowflake-http-warehouse.js';

type Env = Record<string, string | undefined>;

let built: { key: string; app: ReturnType<typeof createApp> } | undefined;

function required(env: Env, name: string): string {
  const v = env[name];
  if (v === undefined || v === '') throw new Error(`Workers entry: ${name} is not set`);
  return v;
}

/** Builds the app once per isolate (and again only if the bindings change). */
export function appFor(env: Env): ReturnType<typeof createApp> {
  const key = `${env.MIQ_SEMANTIC_MANIFEST_JSON?.length ?? 0}:${env.SNOWFLAKE_ACCOUNT}:${env.MIQ_APP_DB_HTTP_URL}`;
  if (built?.key === key) return built.app;
  const logger = createJsonLogger();
  const catalog = loadCatalog(JSON.parse(required(env, 'MIQ_SEMANTIC_MANIFEST_JSON')));
  const warehouse = createSnowflakeHttpWarehouse({
    account: required(env, 'SNOWFLAKE_ACCOUNT'),
    user: required(env, 'SNOWFLAKE_USER'),
    privateKeyPem: required(env, 'SNOWFLAKE_PRIVATE_KEY'),
    warehouse: required(env, 'SNOWFLAKE_WAREHOUSE'),
    ...(env.SNOWFLAKE_ROLE ? { role: env.SNOWFLAKE_ROLE } : {}),
  });
  const appDb = createHttpAppDb({
    url: required(env, 'MIQ_APP_DB_HTTP_URL'),
    connectionString: required(env, 'DATABASE_URL'),
  });
  const app = createApp({
    semantic: createSemanticLayer({ catalog, warehouse }),
    appDb,
    clock: () => new Date(),
    config: loadAppConfig(env),
    logger,
    checkWarehouse: async () => {
      await warehouse.execute(
        { sql: 'select 1 as ok', parameters: [], location: 'health' },
        {
          scope: {
            tenantId: 'health',
            warehouseLocation: 'health',
            timeZone: 'UTC',
            reportingCurrency: 'USD',
            lockedFilters: {},
          },
        },
      );
    },
  });
  built = { key, app };
  return app;
}

export default {
  fetch(request: Request, env: Env, ctx: unknown): Response | Promise<Response> {
    try {
      return appFor(env).fetch(request, env, ctx as never);
    } catch (error) {
      // A missing binding: answer like the app would, log the cause.
      console.error('workers entry: configuration error', String(error));
      return Response.json(
        { error: { code: 'internal', message: 'Something went wrong on our side. It has been logged.', details: [] } },
        { status: 500 },
      );
    }
  },
};
