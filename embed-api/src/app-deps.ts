import type { Kysely } from 'kysely';
import type { ChangeSource } from './agents/alerts/alerts.js';
import type { QuestionPlanner } from './agents/ask.js';
import type { AppDatabase } from './app-db/schema.js';
import type { AuditWriter } from './audit/index.js';
import type { DashboardMembersResolver } from './auth/dashboards.js';
import type { JwksKeyStore } from './auth/jwks.js';
import type { RevocationBus } from './auth/revocation.js';
import type { TenantScope } from './auth/tenant-scope.js';
import type { AppConfig } from './config/index.js';
import type { CatalogMembers, DashboardRegistry } from './dashboards/registry.js';
import type { Logger } from './logger.js';
import type { RateLimiter } from './rate-limit/index.js';
import type { RefreshDeps } from './refresh/index.js';
import type { BatchDeps } from './routes/dashboard-batch.js';

/**
 * What the routes need from the semantic layer (`src/semantic`): a subset of its `SemanticLayer`, so the app can be
 * built around any implementation with this shape.
 */
export interface SemanticPort {
  readonly catalog: { readonly version: string };
  schemaFor(scope: TenantScope): unknown;
  query(body: unknown, scope: TenantScope, options?: { signal?: AbortSignal; now?: Date }): Promise<unknown>;
}

/**
 * Everything `createApp` depends on, injected; nothing global.
 *
 * @example
 * const app = createApp({ semantic, appDb: appDb.db, clock: () => new Date(), config, logger,
 *   checkWarehouse: () => warehouse.ping() });
 */
export interface AppDeps {
  readonly semantic: SemanticPort;
  readonly appDb: Kysely<AppDatabase>;
  readonly clock: () => Date;
  readonly config: AppConfig;
  readonly logger: Logger;
  /** Health probe of the warehouse (resolves when it answers); health reports `not_configured` without it. */
  readonly checkWarehouse?: () => Promise<void>;
  /**
   * Shared-state services; each defaults to an in-process one (single instance). The Node entry passes Redis-backed
   * revocations and rate limits when `REDIS_URL` is set.
   */
  readonly services?: Partial<AppServices>;
  /** Members a `dashboards` claim grants; default: `["*"]` = all, a named list = the members its dashboards use. */
  readonly dashboardMembers?: DashboardMembersResolver;
  /** The refresh loop (issue 7): mounts `POST /api/v1/webhooks/fivetran` when set. */
  readonly refresh?: RefreshDeps;
  /** Dashboard-tier cache (issue 7): mounts `POST /api/v1/metrics/batch` when set. */
  readonly batch?: BatchDeps;
  /** The dashboard documents (issue 10): mounts `/api/v1/dashboards*` and the partner customisation routes when set. */
  readonly dashboards?: { readonly registry: DashboardRegistry; readonly catalog: CatalogMembers };
  /** Agents (issue 11): a language-model planner for `/agents/query`; without it the deterministic parser answers. */
  readonly agents?: {
    readonly planner?: QuestionPlanner;
    /** Per-tenant alert sensitivity (robust z threshold, 2…10; default 4). */
    readonly alertSensitivity?: (tenantId: string) => number | undefined;
    /** Setting changes annotated on alerts (from the history facts). */
    readonly changes?: ChangeSource;
  };
}

/** Stateful parts of the app, closed by `app.close()` (the audit writer flushes what it buffered). */
export interface AppServices {
  readonly revocations: RevocationBus;
  readonly rateLimiter: RateLimiter;
  readonly audit: AuditWriter;
  readonly jwks: JwksKeyStore;
}
