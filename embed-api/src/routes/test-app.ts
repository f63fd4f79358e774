import type { Kysely } from 'kysely';
import { createApp } from '../app.js';
import type { AppDatabase } from '../app-db/schema.js';
import type { AppDeps, SemanticPort } from '../app-deps.js';
import type { TenantScope } from '../auth/tenant-scope.js';
import { TEST_MASTER_KEY } from '../auth/testing.js';
import { type AppConfig, defaultAppConfig } from '../config/index.js';
import { createMemoryLogger } from '../logger.js';

/** What the stand-in semantic layer saw. */
export interface SemanticCall {
  readonly kind: 'query' | 'schema';
  readonly body?: unknown;
  readonly scope: TenantScope;
  readonly signal?: AbortSignal | undefined;
}

/**
 * A stand-in semantic layer for route and token tests: records each call and answers with `answer` (which may throw).
 * End-to-end tests use the real semantic layer over DuckDB instead.
 */
export function recordingSemantic(
  answer: (call: SemanticCall) => Promise<unknown> | unknown = (call) => ({ echo: call.scope.tenantId }),
): SemanticPort & { readonly calls: SemanticCall[] } {
  const calls: SemanticCall[] = [];
  return {
    calls,
    catalog: { version: 'test-catalog' },
    schemaFor(scope) {
      const call: SemanticCall = { kind: 'schema', scope };
      calls.push(call);
      return answer(call);
    },
    async query(body, scope, options) {
      const call: SemanticCall = { kind: 'query', body, scope, signal: options?.signal };
      calls.push(call);
      return answer(call);
    },
  };
}

/** `createApp` with test defaults: fixed clock, memory logger, test master key. */
export function createTestApp(
  appDb: Kysely<AppDatabase>,
  overrides: Partial<Omit<AppDeps, 'config'>> & { readonly config?: Partial<AppConfig> } = {},
) {
  const logger = createMemoryLogger();
  const semantic = recordingSemantic();
  const deps: AppDeps = {
    semantic,
    appDb,
    clock: () => new Date(),
    logger,
    ...overrides,
    config: { ...defaultAppConfig, env: 'test', masterKey: TEST_MASTER_KEY, ...overrides.config },
  };
  return { app: createApp(deps), deps, logger, semantic };
}
