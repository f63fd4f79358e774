import { Hono } from 'hono';
import { parseOrThrow } from '../admin/validate.js';
import type { AppDeps } from '../app-deps.js';
import {
  requireTenantToken,
  type TenantAuthVariables,
  type TenantRequestPolicy,
  type TenantTokenVerifier,
} from '../auth/index.js';
import { MiqError } from '../errors/index.js';
import { type MetricsResponse, TrendsQuerySchema, type TrendsResponse } from '../wire/index.js';

const ABSOLUTE_RANGE = /^(\d{4}-\d{2}-\d{2}),(\d{4}-\d{2}-\d{2})$/;

const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/**
 * `GET /trends?metric=ads.spend&granularity=day&dateRange=last 30 days&compare=previous_period`: one metric over time
 * with its comparison, plus the whole-range summary (two unified queries; the ratio of sums for ratios). Locked
 * filters apply as on every query; `filters` (JSON array of metrics-query filters) narrows further.
 */
export function trendRoutes(deps: AppDeps, verify: TenantTokenVerifier, policy?: TenantRequestPolicy) {
  return new Hono<{ Variables: TenantAuthVariables }>().get(
    '/trends',
    requireTenantToken(verify, policy),
    async (c) => {
      const q = parseOrThrow(TrendsQuerySchema, c.req.query(), 'query');
      let filters: unknown = [];
      if (q.filters !== undefined) {
        try {
          filters = JSON.parse(q.filters);
        } catch {
          throw new MiqError('validation_failed', {
            details: [{ field: 'query.filters', code: 'invalid_json', message: 'filters must be a JSON array.' }],
          });
        }
      }
      const abs = q.dateRange === undefined ? null : ABSOLUTE_RANGE.exec(q.dateRange);
      const dateRange = abs ? [abs[1], abs[2]] : (q.dateRange ?? 'last 30 days');
      const granularity = q.granularity ?? 'day';
      const compare = q.compare ?? 'previous_period';
      const base = {
        measures: [q.metric],
        filters,
        ...(compare === 'none' ? {} : { compare }),
      };
      const scope = c.var.auth.scope;
      const options = { signal: c.req.raw.signal, now: deps.clock() };
      const series = (await deps.semantic.query(
        { ...base, timeDimension: { dimension: 'date.day', granularity, dateRange }, limit: 50_000 },
        scope,
        options,
      )) as MetricsResponse;
      const summary = (await deps.semantic.query(
        { ...base, timeDimension: { dimension: 'date.day', dateRange } },
        scope,
        options,
      )) as MetricsResponse;
      const td = series.query.timeDimension;
      const timeKey = `date.${granularity}`;
      const withCompare = series.query.compare !== null;
      const point = (r: Record<string, unknown>, date?: string) => ({
        ...(date === undefined ? {} : { date }),
        value: num(r[q.metric]),
        ...(withCompare ? { previous: num(r[`${q.metric}.previous`]), change: num(r[`${q.metric}.change`]) } : {}),
      });
      const out: TrendsResponse = {
        metric: q.metric,
        granularity,
        dateRange: (td?.dateRange ?? ['', '']) as [string, string],
        compare: series.query.compare,
        points: series.rows.map((r) => ({
          date: String(r[timeKey] ?? r['date.day']),
          ...point(r),
        })) as TrendsResponse['points'],
        summary: summary.rows[0] ? point(summary.rows[0]) : { value: null },
        ...(series.annotation[q.metric] ? { annotation: series.annotation[q.metric] } : {}),
        meta: {
          catalogVersion: series.meta.catalogVersion,
          freshness: series.meta.freshness,
          ...(series.meta.cache ? { cache: series.meta.cache } : {}),
        },
      };
      c.header('Cache-Control', 'private, no-store');
      return c.json(out);
    },
  );
}
