import type { Kysely } from 'kysely';
import type { AppDatabase } from './app-db/schema.js';
import type { TenantScope } from './auth/tenant-scope.js';
import type { AppConfig } from './config/index.js';
import type { Logger } from './logger.js';

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
}
