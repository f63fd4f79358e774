import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { HTTPException } from 'hono/http-exception';
import { type RequestIdVariables, requestId } from 'hono/request-id';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppDeps } from './app-deps.js';
import { createTenantTokenVerifier } from './auth/index.js';
import { type ErrorCode, MiqError } from './errors/index.js';
import { healthRoutes, metricsRoutes, schemaRoutes } from './routes/index.js';

const HTTP_STATUS_CODES: Readonly<Partial<Record<number, ErrorCode>>> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

/** Turns anything thrown into a client-safe `MiqError`; `unexpected` tells the handler to log it as a bug. */
function toMiqError(error: unknown, aborted: boolean): { readonly error: MiqError; readonly unexpected: boolean } {
  if (error instanceof MiqError) return { error, unexpected: error.status >= 500 && error.code === 'internal' };
  if (aborted) return { error: new MiqError('client_closed', { internal: error }), unexpected: false };
  if (error instanceof HTTPException) {
    const code = HTTP_STATUS_CODES[error.status];
    if (code !== undefined) return { error: new MiqError(code, { internal: error }), unexpected: false };
  }
  return { error: new MiqError('internal', { internal: error }), unexpected: true };
}

/**
 * Builds the embed API from injected dependencies. Routes under `/api/v1`: `POST /metrics` and `GET /schema`
 * (tenant token required), `GET /health` (open). One error handler answers every failure as
 * `{ error: { code, message, details } }`; internals (SQL, stack traces) are logged, never sent.
 *
 * @example
 * const app = createApp({ semantic, appDb: appDb.db, clock: () => new Date(), config, logger });
 * const res = await app.request('/api/v1/health');
 */
export function createApp(deps: AppDeps) {
  const verify = createTenantTokenVerifier({
    db: deps.appDb,
    policy: deps.config.tokens,
    clock: deps.clock,
    masterKey: deps.config.masterKey,
  });

  const app = new Hono<{ Variables: RequestIdVariables }>();
  app.use(requestId());
  if (deps.config.corsOrigins.length > 0) {
    const origins = deps.config.corsOrigins;
    app.use(
      '/api/*',
      cors({
        origin: origins.includes('*') ? '*' : [...origins],
        allowMethods: ['GET', 'POST', 'OPTIONS'],
        allowHeaders: ['Authorization', 'Content-Type'],
        exposeHeaders: ['X-Request-Id', 'Retry-After'],
        maxAge: 600,
      }),
    );
  }
  app.route('/api/v1', healthRoutes(deps));
  app.route('/api/v1', schemaRoutes(deps, verify));
  app.route('/api/v1', metricsRoutes(deps, verify));

  app.notFound((c) => c.json(new MiqError('not_found').toJSON(), 404));

  app.onError((thrown, c) => {
    const { error, unexpected } = toMiqError(thrown, c.req.raw.signal.aborted);
    const fields = { requestId: c.var.requestId, method: c.req.method, path: c.req.path, code: error.code };
    if (unexpected) deps.logger.error('request failed', { ...fields, error: error.internal ?? error });
    else if (error.status >= 500 || error.code === 'client_closed') {
      deps.logger.warn('request failed', { ...fields, error: error.internal ?? error.message });
    }
    return c.json(error.toJSON(), error.status as ContentfulStatusCode, { ...error.headers });
  });

  return app;
}

export type App = ReturnType<typeof createApp>;
