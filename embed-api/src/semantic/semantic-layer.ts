/**
 * The semantic layer: validate → authorize → normalize → plan → build (Kysely) → execute → shape.
 *
 * @example
 * const layer = createSemanticLayer({ catalog: loadCatalog(manifest), warehouse });
 * const res = await layer.query({ measures: ['ads.spend'], dimensions: ['platform.code'] }, scope);
 */
import { createFreshnessMemo } from '../cache/freshness-memo.js';
import { createScopeMinuteMemo } from '../cache/scope-memo.js';
import { MiqError } from '../errors/index.js';
import type { Warehouse } from '../warehouse/types.js';
import type { Annotation, Freshness, MetricsResponse, NormalizedQuery, SchemaResponse } from '../wire/index.js';
import { factsOf } from './catalog/reach.js';
import type { Catalog } from './catalog/types.js';
import { dialectFor } from './compile/dialects/index.js';
import { type CompiledMetricsQuery, compileMetricsQuery } from './compile/index.js';
import { authorizeQuery, factVisible, resolveLockedFilters } from './query/authorize.js';
import { isValidTimeZone } from './query/dates.js';
import { normalizeQuery } from './query/normalize.js';
import type { NormalizedPlanInput } from './query/types.js';
import { validateQuery } from './query/validate.js';
import { type TenantScope, WAREHOUSE_LOCATION_PATTERN } from './scope.js';
import {
  annotate,
  mergeComparison,
  shapeFreshness,
  shapeRows,
  shapeRowsJson,
  totalOf,
  totalOfColumns,
} from './shape.js';

export interface SemanticLayer {
  readonly catalog: Catalog;
  /** Members visible to this scope (facts unreachable from a locked member are hidden, with their measures). */
  schemaFor(scope: TenantScope): SchemaResponse;
  /** Throws MiqError: 400 with details for every bad field; 403 for members outside the scope / fail-closed locks. */
  query(body: unknown, scope: TenantScope, options?: { signal?: AbortSignal; now?: Date }): Promise<MetricsResponse>;
  /**
   * Validates, authorizes and normalizes without executing: the normalized query (relative dates resolved in the
   * tenant's time zone, defaults filled in) that cache keys hash. Throws exactly what `query` would for a bad body.
   */
  normalize(body: unknown, scope: TenantScope, options?: { now?: Date }): NormalizedQuery;
  /**
   * `query`'s answer as JSON text (what the metrics route sends): the parts that depend only on the query (annotation,
   * normalized query) are serialized once per remembered compile, not per request. `signal` is asked for only when a
   * statement runs.
   */
  queryText(
    tier: string,
    body: unknown,
    scope: TenantScope,
    options?: { signal?: () => AbortSignal; now?: Date },
  ): Promise<string>;
  /** Compiles without executing (tests, benchmarks). */
  compile(
    body: unknown,
    scope: TenantScope,
    options?: { now?: Date; dialect?: 'duckdb' | 'snowflake' },
  ): CompiledMetricsQuery[];
}

function checkScope(scope: TenantScope): void {
  if (
    !WAREHOUSE_LOCATION_PATTERN.test(scope.warehouseLocation) ||
    !scope.tenantId ||
    !isValidTimeZone(scope.timeZone)
  ) {
    // A server-side misconfiguration, not the client's fault.
    throw new MiqError('internal', { internal: { reason: 'invalid tenant scope', tenant: scope.tenantId } });
  }
}

export function createSemanticLayer(deps: {
  catalog: Catalog;
  warehouse: Warehouse;
  clock?: () => Date;
}): SemanticLayer {
  const { catalog, warehouse } = deps;
  const clock = deps.clock ?? (() => new Date());
  const freshnessRows = createFreshnessMemo(warehouse);
  /**
   * A repeated query (every viewer of a dashboard, a cache miss after a rebuild) skips validate → … → build, and reuses
   * what depends only on the query: its annotation (and that and the normalized query as JSON text), and the freshness
   * shaped from the remembered freshness rows.
   */
  const compiledMemo = createScopeMinuteMemo<Prepared>();

  function prepare(body: unknown, scope: TenantScope, now: Date) {
    checkScope(scope);
    const validated = validateQuery(body, catalog);
    const { locked, facts } = authorizeQuery(validated, catalog, scope);
    const normalized = normalizeQuery(validated, scope.timeZone, now, facts);
    return { normalized, locked };
  }

  function compile(
    body: unknown,
    scope: TenantScope,
    options: { now?: Date; dialect?: 'duckdb' | 'snowflake' } = {},
  ): CompiledMetricsQuery[] {
    const { normalized, locked } = prepare(body, scope, options.now ?? clock());
    return compileMetricsQuery(catalog, normalized, scope, locked, dialectFor(options.dialect ?? warehouse.dialect));
  }

  async function run(q: CompiledMetricsQuery, scope: TenantScope, signal?: AbortSignal) {
    return warehouse.execute(q, { scope, ...(signal ? { signal } : {}) });
  }

  function prepared(body: unknown, scope: TenantScope, now: Date): Prepared {
    return compiledMemo(scope, body, now, () => {
      const { normalized, locked } = prepare(body, scope, now);
      const compiled = compileMetricsQuery(catalog, normalized, scope, locked, dialectFor(warehouse.dialect));
      return {
        normalized,
        compiled,
        current: compiled.find((c) => c.role === 'current') as CompiledMetricsQuery,
        previous: compiled.find((c) => c.role === 'previous'),
        freshness: compiled.find((c) => c.role === 'freshness'),
        annotation: undefined,
        json: undefined,
        fresh: undefined,
      };
    });
  }

  /** Freshness is best effort (a missing table must not fail the query), once per tenant and marts version. */
  function freshnessOf(p: Prepared, scope: TenantScope): Promise<Record<string, unknown>[] | null> {
    return p.freshness ? freshnessRows(p.freshness, scope).catch(() => null) : Promise.resolve(null);
  }

  /** The parts of the answer that depend only on the query (and the remembered freshness rows), made once. */
  function derived(p: Prepared, scope: TenantScope, freshRaw: Record<string, unknown>[] | null) {
    p.annotation ??= deepFreeze(annotate(catalog, p.normalized, scope));
    if (p.fresh?.raw !== freshRaw) {
      p.fresh = { raw: freshRaw, value: deepFreeze(shapeFreshness(catalog, p.normalized, freshRaw)) };
    }
    return { annotation: p.annotation, freshness: p.fresh.value };
  }

  async function answer(
    body: unknown,
    scope: TenantScope,
    options: { signal?: AbortSignal | (() => AbortSignal); now?: Date },
  ): Promise<{ response: MetricsResponse; prepared: Prepared }> {
    const t0 = performance.now();
    const p = prepared(body, scope, options.now ?? clock());
    const { normalized, current, previous } = p;
    const t1 = performance.now();
    const signal = typeof options.signal === 'function' ? options.signal() : options.signal;
    const [curRaw, prevRaw, freshRaw] = await Promise.all([
      run(current, scope, signal),
      previous ? run(previous, scope, signal) : Promise.resolve(null),
      freshnessOf(p, scope),
    ]);
    const t2 = performance.now();
    let rows = shapeRows(catalog, current.columns, curRaw);
    if (previous && prevRaw) {
      const dimKeys = current.columns.filter((c) => c.kind === 'dimension' || c.kind === 'time').map((c) => c.key);
      rows = mergeComparison(normalized, rows, shapeRows(catalog, previous.columns, prevRaw), dimKeys);
    }
    const { annotation, freshness } = derived(p, scope, freshRaw);
    const response: MetricsResponse = {
      rows,
      annotation,
      query: normalized.normalized,
      total: totalOf(current.columns, curRaw),
      meta: {
        catalogVersion: catalog.version,
        timing: { compileMs: round(t1 - t0), executeMs: round(t2 - t1), totalMs: round(performance.now() - t0) },
        freshness,
      },
    };
    return { response, prepared: p };
  }

  async function query(
    body: unknown,
    scope: TenantScope,
    options: { signal?: AbortSignal; now?: Date } = {},
  ): Promise<MetricsResponse> {
    return (await answer(body, scope, options)).response;
  }

  async function queryText(
    _tier: string,
    body: unknown,
    scope: TenantScope,
    options: { signal?: () => AbortSignal; now?: Date } = {},
  ): Promise<string> {
    const t0 = performance.now();
    let p = prepared(body, scope, options.now ?? clock());
    const byColumn = warehouse.executeColumns?.bind(warehouse);
    let rowsJson: string;
    let total: number | null;
    let timing: MetricsResponse['meta']['timing'];
    if (byColumn !== undefined && p.previous === undefined) {
      // No comparison to merge: the rows go from DuckDB's columns straight into the response text (no row objects).
      const t1 = performance.now();
      const signal = options.signal?.();
      const [cur, freshRaw] = await Promise.all([
        byColumn(p.current, { scope, ...(signal ? { signal } : {}) }),
        freshnessOf(p, scope),
      ]);
      const t2 = performance.now();
      rowsJson = shapeRowsJson(catalog, p.current.columns, cur);
      total = totalOfColumns(p.current.columns, cur);
      derived(p, scope, freshRaw);
      timing = { compileMs: round(t1 - t0), executeMs: round(t2 - t1), totalMs: round(performance.now() - t0) };
    } else {
      const { response: r, prepared: used } = await answer(body, scope, options);
      p = used;
      rowsJson = JSON.stringify(r.rows);
      total = r.total;
      timing = r.meta.timing;
    }
    // Set by `derived` on either path; serialized once per remembered compile (the freshness once per new value).
    p.json ??= {
      annotation: JSON.stringify(p.annotation),
      query: JSON.stringify(p.normalized.normalized),
      catalogVersion: JSON.stringify(catalog.version),
    };
    const { json } = p;
    const fresh = p.fresh as NonNullable<Prepared['fresh']>;
    fresh.json ??= JSON.stringify(fresh.value);
    const timingJson = `{"compileMs":${JSON.stringify(timing.compileMs)},"executeMs":${JSON.stringify(timing.executeMs)},"totalMs":${JSON.stringify(timing.totalMs)}}`;
    // The same members in the same order as JSON.stringify of `query`'s answer.
    return `{"rows":${rowsJson},"annotation":${json.annotation},"query":${json.query},"total":${JSON.stringify(total)},"meta":{"catalogVersion":${json.catalogVersion},"timing":${timingJson},"freshness":${fresh.json}}}`;
  }

  function schemaFor(scope: TenantScope): SchemaResponse {
    const locked = resolveLockedFilters(catalog, scope);
    const visibleFacts = new Set([...catalog.facts.values()].filter((f) => factVisible(f, locked)).map((f) => f.name));
    const allowed = (name: string): boolean =>
      !scope.allowedMembers || scope.allowedMembers.has(name) || name.startsWith('date.');
    const measures: SchemaResponse['measures'] = [];
    const dimensions: SchemaResponse['dimensions'] = [];
    for (const m of catalog.members.values()) {
      if (!allowed(m.member)) continue;
      const facts = factsOf(catalog, m).filter((f) => visibleFacts.has(f));
      if (facts.length === 0) continue;
      if (m.kind === 'metric') {
        measures.push({
          name: m.member,
          title: m.title,
          description: m.description,
          type: 'number',
          format: m.format,
          ...(m.currency === 'reporting' ? { currency: scope.reportingCurrency } : {}),
          metricType: m.metricType,
          aggregation: m.aggregation,
          ...(m.grain.length > 0 ? { validGrain: [...m.grain] } : {}),
          facts,
        });
      } else {
        dimensions.push({
          name: m.member,
          title: m.title,
          description: m.description,
          type: m.type,
          ...(m.kind === 'time' ? { granularities: ['day', 'week', 'month', 'quarter', 'year'] as const } : {}),
          facts,
        } as SchemaResponse['dimensions'][number]);
      }
    }
    return { version: catalog.version, measures, dimensions };
  }

  function normalize(body: unknown, scope: TenantScope, options: { now?: Date } = {}): NormalizedQuery {
    return prepare(body, scope, options.now ?? clock()).normalized.normalized;
  }

  return { catalog, schemaFor, query, queryText, compile, normalize };
}

/** One remembered compile (per scope, body and minute) and what is derived from it once. */
interface Prepared {
  readonly normalized: NormalizedPlanInput;
  readonly compiled: CompiledMetricsQuery[];
  readonly current: CompiledMetricsQuery;
  readonly previous: CompiledMetricsQuery | undefined;
  readonly freshness: CompiledMetricsQuery | undefined;
  annotation: Readonly<Record<string, Annotation>> | undefined;
  json: { readonly annotation: string; readonly query: string; readonly catalogVersion: string } | undefined;
  fresh: { readonly raw: unknown; readonly value: Freshness; json?: string } | undefined;
}

/** Shared between responses, so nobody may change it. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
