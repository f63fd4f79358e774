import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AdminContext } from './admin/operations.js';
import type { AppDeps, AppServices } from './app-deps.js';
import { createAuditWriter } from './audit/index.js';
import { createTenantTokenVerifier, type TenantRequestPolicy } from './auth/index.js';
import { createJwksKeyStore } from './auth/jwks.js';
import { createOriginRegistry } from './auth/origins.js';
import { createLocalRevocationBus } from './auth/revocation.js';
import { dashboardStore } from './dashboards/store.js';
import { type ErrorCode, MiqError, tokenError } from './errors/index.js';
import { createRateLimiter, rateLimited } from './rate-limit/index.js';
import { partnerAdminRoutes } from './routes/admin.js';
import { type AdminRouteDeps, operatorRoutes } from './routes/admin-operator.js';
import { agentRoutes } from './routes/agents.js';
import { alertRoutes } from './routes/alerts.js';
import { type EdgeVariables, edgeHeaders } from './routes/cors.js';
import { dashboardBatchRoutes } from './routes/dashboard-batch.js';
import { dashboardAdminRoutes, dashboardRoutes } from './routes/dashboards.js';
import { filterRoutes } from './routes/filters.js';
import { healthRoutes, metricsRoutes, schemaRoutes } from './routes/index.js';
import { docsRoutes } from './routes/openapi.js';
import { trendRoutes } from './routes/trends.js';
import { webhookRoutes } from './routes/webhooks.js';

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
  const { config } = deps;
  const services: AppServices = {
    revocations: deps.services?.revocations ?? createLocalRevocationBus(),
    rateLimiter: deps.services?.rateLimiter ?? createRateLimiter(),
    audit:
      deps.services?.audit ??
      createAuditWriter({ db: deps.appDb, logger: deps.logger, clock: deps.clock, ...config.audit }),
    jwks: deps.services?.jwks ?? createJwksKeyStore({ config: config.jwks, clock: deps.clock }),
  };
  const catalogMembers = (deps.semantic.catalog as { members?: ReadonlyMap<string, { kind: string }> }).members;
  const verify = createTenantTokenVerifier({
    db: deps.appDb,
    policy: config.tokens,
    clock: deps.clock,
    masterKey: config.masterKey,
    revocations: services.revocations,
    cacheSeconds: config.tokenCacheSeconds,
    jwks: services.jwks,
    ...(deps.dashboardMembers === undefined ? {} : { dashboardMembers: deps.dashboardMembers }),
    ...(catalogMembers instanceof Map
      ? { isLockableMember: (m: string) => catalogMembers.get(m)?.kind === 'dimension' }
      : {}),
  });
  const origins = createOriginRegistry(deps.appDb, () => deps.clock().getTime());
  const globalOrigins = new Set(config.corsOrigins);
  const anyOrigin = globalOrigins.has('*');

  const takeOrThrow = async (key: string, bucket: 'tenant' | 'partner') => {
    const decision = await services.rateLimiter.take(key, config.rateLimits[bucket]);
    if (!decision.allowed) throw rateLimited(decision.retryAfterSeconds, bucket);
  };
  /** Synchronous when the limiter can decide without I/O (in-process limits), else a promise. */
  const takeOrThrowNow = (key: string, bucket: 'tenant' | 'partner'): Promise<void> | undefined => {
    const now = services.rateLimiter.takeNow?.(key, config.rateLimits[bucket]);
    if (now === undefined) return takeOrThrow(key, bucket);
    if (!now.allowed) throw rateLimited(now.retryAfterSeconds, bucket);
    return undefined;
  };
  const originOf = async (origin: string, partnerId: string) => {
    const own = await origins.forPartner(partnerId);
    const ok = own.size > 0 ? own.has(origin.toLowerCase()) : anyOrigin || globalOrigins.has(origin);
    if (!ok) throw tokenError('origin_not_registered');
  };
  const tenantPolicy: TenantRequestPolicy = {
    checkOrigin(origin, auth) {
      const bound = auth.claims.origin;
      if (bound !== undefined && (origin === undefined || origin.toLowerCase() !== bound.toLowerCase())) {
        throw tokenError('origin_mismatch');
      }
      if (origin === undefined) return;
      return originOf(origin, auth.partnerId);
    },
    rateLimit(auth) {
      const partner = takeOrThrowNow(`partner:${auth.partnerId}`, 'partner');
      if (partner !== undefined) {
        return partner.then(() => takeOrThrowNow(`tenant:${auth.tenant.id}`, 'tenant'));
      }
      return takeOrThrowNow(`tenant:${auth.tenant.id}`, 'tenant');
    },
    audit: services.audit,
  };
  const adminDeps: AdminRouteDeps = {
    db: deps.appDb,
    bodyLimitBytes: config.bodyLimitBytes,
    operatorTokenSha256: config.operatorTokenSha256,
    rateLimitPartner: (partnerId) => takeOrThrow(`partner:${partnerId}`, 'partner'),
    context: (actor): AdminContext => ({
      db: deps.appDb,
      audit: services.audit,
      revocations: services.revocations,
      clock: deps.clock,
      masterKey: config.masterKey,
      jwksTestAllowHosts: config.jwks.testAllowHosts,
      actor,
      onOriginsChanged: () => origins.invalidate(),
    }),
  };

  const app = new Hono<{ Variables: EdgeVariables }>();
  app.use(
    edgeHeaders({
      // Preflights: the union of every partner's registered origins and MIQ_CORS_ORIGINS. The real request is then
      // checked against its own partner's origins (and the token's origin claim) in the tenant-token middleware.
      origin: (origin) => {
        if (anyOrigin) return '*';
        if (origin === '') return null;
        if (globalOrigins.has(origin)) return origin;
        return origins.isRegisteredAnywhere(origin).then((registered) => (registered ? origin : null));
      },
      allowMethods: ['GET', 'POST', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'X-Miq-Dashboard'],
      exposeHeaders: ['X-Request-Id', 'Retry-After'],
      maxAge: 600,
    }),
  );
  app.route('/api/v1', healthRoutes(deps));
  app.route('/api/v1', schemaRoutes(deps, verify, tenantPolicy));
  app.route('/api/v1', metricsRoutes(deps, verify, tenantPolicy));
  app.route('/api/v1', filterRoutes(deps, verify, tenantPolicy));
  app.route('/api/v1', trendRoutes(deps, verify, tenantPolicy));
  app.route('/api/v1', docsRoutes());
  app.route('/api/v1', agentRoutes(deps, verify, tenantPolicy));
  app.route('/api/v1', alertRoutes(deps, verify, tenantPolicy));
  if (deps.batch) app.route('/api/v1', dashboardBatchRoutes(deps, verify, deps.batch, tenantPolicy));
  if (deps.dashboards) {
    const dash = {
      ...deps.dashboards,
      store: dashboardStore(deps.appDb),
      appDb: deps.appDb,
      bodyLimitBytes: config.bodyLimitBytes,
    };
    app.route('/api/v1', dashboardRoutes(dash, verify, tenantPolicy));
    app.route('/api/v1', dashboardAdminRoutes(dash));
  }
  if (deps.refresh) app.route('/api/v1', webhookRoutes(deps, deps.refresh));
  app.route('/api/v1', partnerAdminRoutes(adminDeps));
  app.route('/api/v1', operatorRoutes(adminDeps));

  app.notFound((c) => c.json(new MiqError('not_found').toJSON(), 404));

  app.onError((thrown, c) => {
    const { error, unexpected } = toMiqError(thrown, c.req.raw.signal.aborted);
    const fields = { requestId: c.get('requestId'), method: c.req.method, path: c.req.path, code: error.code };
    if (unexpected) deps.logger.error('request failed', { ...fields, error: error.internal ?? error });
    else if (error.status >= 500 || error.code === 'client_closed') {
      deps.logger.warn('request failed', { ...fields, error: error.internal ?? error.message });
    }
    return c.json(error.toJSON(), error.status as ContentfulStatusCode, { ...error.headers });
  });

  return Object.assign(app, {
    services,
    /** Flushes the audit log and stops background work; call on shutdown (the Node entry does). */
    async close(): Promise<void> {
      await services.audit.close();
      await services.revocations.close();
    },
  });
}

export type App = ReturnType<typeof createApp>;
