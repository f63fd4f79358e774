import { Hono } from 'hono';
import { sql } from 'kysely';
import type { AppDeps } from '../app-deps.js';

export interface HealthCheck {
  readonly status: 'ok' | 'error' | 'timeout' | 'not_configured';
  readonly latencyMs: number;
}

async function timed(probe: (() => Promise<unknown>) | undefined, timeoutMs: number): Promise<HealthCheck> {
  if (probe === undefined) return { status: 'not_configured', latencyMs: 0 };
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([probe().then(() => 'ok' as const), timeout]);
    return { status: outcome, latencyMs: Math.round(performance.now() - started) };
  } catch {
    return { status: 'error', latencyMs: Math.round(performance.now() - started) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `GET /health` (no token): app database and warehouse reachability. 200 when every configured check passes,
 * 503 otherwise. Failure causes are logged, never returned.
 */
export function healthRoutes(deps: AppDeps) {
  return new Hono().get('/health', async (c) => {
    const logFailure = (check: string) => (error: unknown) => {
      deps.logger.warn('health check failed', { check, error });
      throw error;
    };
    const [appDb, warehouse] = await Promise.all([
      timed(() => sql`select 1`.execute(deps.appDb).catch(logFailure('appDb')), deps.config.healthTimeoutMs),
      timed(
        deps.checkWarehouse && (() => deps.checkWarehouse!().catch(logFailure('warehouse'))),
        deps.config.healthTimeoutMs,
      ),
    ]);
    const healthy = [appDb, warehouse].every((check) => check.status === 'ok' || check.status === 'not_configured');
    c.header('Cache-Control', 'no-store');
    return c.json(
      {
        status: healthy ? 'ok' : 'unavailable',
        catalogVersion: deps.semantic.catalog.version,
        checks: { appDb, warehouse },
      },
      healthy ? 200 : 503,
    );
  });
}
