import { Hono } from 'hono';
import type { MetricsRegistry } from '../cache/metrics.js';

export interface InternalMetricsDeps {
  readonly metrics: MetricsRegistry;
  /** Current breaker state of the shared cache, sampled at each scrape (absent with the in-process cache). */
  readonly breakerState?: () => string;
  /** When set, scrapes must send `Authorization: Bearer <token>`. */
  readonly token?: string | undefined;
}

const BREAKER_STATES = ['closed', 'open', 'half_open'] as const;

/**
 * `GET /internal/metrics` in Prometheus text format. Not part of the public app: the Node entry serves it on its own
 * loopback listener (`MIQ_INTERNAL_PORT`), optionally behind a bearer token (`MIQ_INTERNAL_TOKEN`).
 */
export function internalMetricsApp(deps: InternalMetricsDeps) {
  const expected = deps.token ? `Bearer ${deps.token}` : undefined;
  return new Hono()
    .get('/internal/metrics', (c) => {
      if (expected !== undefined && c.req.header('authorization') !== expected) return c.text('unauthorized\n', 401);
      if (deps.breakerState) {
        const now = deps.breakerState();
        for (const s of BREAKER_STATES) deps.metrics.set('miq_cache_breaker_state', { state: s }, s === now ? 1 : 0);
      }
      return c.text(deps.metrics.render(), 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' });
    })
    .notFound((c) => c.text('not found\n', 404));
}
