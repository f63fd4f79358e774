/**
 * A small Prometheus text-format registry (counters, gauges, histograms with fixed buckets) for `/internal/metrics`:
 * cache results per tier, backend errors and breaker state, warehouse query latency, dbt runs and their durations.
 */
type Labels = Readonly<Record<string, string>>;

const escapeLabel = (v: string): string => v.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
const labelText = (labels: Labels): string => {
  const keys = Object.keys(labels).sort();
  return keys.length === 0 ? '' : `{${keys.map((k) => `${k}="${escapeLabel(labels[k] ?? '')}"`).join(',')}}`;
};

interface Family {
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly help: string;
  readonly series: Map<string, { labels: Labels; value: number; buckets?: number[]; sum?: number }>;
  readonly bounds?: readonly number[];
}

export interface MetricsRegistry {
  inc(name: string, labels?: Labels, by?: number): void;
  /** A handle on one counter series, for hot paths (no label formatting per call). */
  counter(name: string, labels?: Labels): { inc(by?: number): void };
  /** A handle on one histogram series, for hot paths. */
  histogram(name: string, labels: Labels): { observe(value: number): void };
  set(name: string, labels: Labels, value: number): void;
  observe(name: string, labels: Labels, value: number): void;
  /** Current value of a counter or gauge series (tests). */
  value(name: string, labels?: Labels): number;
  /** Prometheus text exposition format 0.0.4. */
  render(): string;
}

export const LATENCY_BUCKETS_SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
export const DBT_BUCKETS_SECONDS = [1, 5, 10, 30, 60, 120, 300, 600, 1800];

/** Every metric the cache and the refresh loop report, declared once. */
const DECLARED: Record<string, { type: Family['type']; help: string; bounds?: readonly number[] }> = {
  miq_cache_requests_total: { type: 'counter', help: 'Cache lookups by tier and result (hit, stale, miss, bypass).' },
  miq_cache_l1_hits_total: {
    type: 'counter',
    help: 'Hits served from the in-process L1 in front of the shared store (also counted as hits above).',
  },
  miq_cache_backend_errors_total: { type: 'counter', help: 'Cache backend calls that failed or timed out.' },
  miq_cache_not_stored_total: { type: 'counter', help: 'Results served but not cached (too large or backend down).' },
  miq_cache_lookup_seconds: {
    type: 'histogram',
    help: 'Time to look an entry up in the backend.',
    bounds: LATENCY_BUCKETS_SECONDS,
  },
  miq_cache_breaker_state: { type: 'gauge', help: 'Circuit breaker state of the shared cache (1 = current state).' },
  miq_cache_breaker_transitions_total: { type: 'counter', help: 'Circuit breaker state changes.' },
  miq_cache_generation_bumps_total: { type: 'counter', help: 'Per-tenant generation moves (invalidations).' },
  miq_warehouse_queries_total: { type: 'counter', help: 'Computations that reached the warehouse (cache misses).' },
  miq_warehouse_query_seconds: {
    type: 'histogram',
    help: 'Duration of computations that reached the warehouse.',
    bounds: LATENCY_BUCKETS_SECONDS,
  },
  miq_webhooks_total: { type: 'counter', help: 'Fivetran webhooks by outcome.' },
  miq_dbt_runs_total: { type: 'counter', help: 'dbt runs by outcome.' },
  miq_dbt_run_seconds: { type: 'histogram', help: 'Duration of dbt runs.', bounds: DBT_BUCKETS_SECONDS },
};

export function createMetricsRegistry(): MetricsRegistry {
  const families = new Map<string, Family>();
  function family(name: string): Family {
    let f = families.get(name);
    if (!f) {
      const d = DECLARED[name];
      if (!d) throw new Error(`undeclared metric ${name}`);
      f = { type: d.type, help: d.help, series: new Map(), ...(d.bounds ? { bounds: d.bounds } : {}) };
      families.set(name, f);
    }
    return f;
  }
  function series(name: string, labels: Labels) {
    const f = family(name);
    const key = labelText(labels);
    let s = f.series.get(key);
    if (!s) {
      s = { labels, value: 0, ...(f.bounds ? { buckets: f.bounds.map(() => 0), sum: 0 } : {}) };
      f.series.set(key, s);
    }
    return s;
  }
  function histogram(name: string, labels: Labels) {
    const bounds = family(name).bounds ?? [];
    const s = series(name, labels);
    return {
      observe(value: number) {
        s.value += 1;
        s.sum = (s.sum ?? 0) + value;
        const buckets = s.buckets;
        if (buckets === undefined) return;
        for (let i = 0; i < bounds.length; i++) if (value <= (bounds[i] as number)) buckets[i] = (buckets[i] ?? 0) + 1;
      },
    };
  }
  return {
    inc(name, labels = {}, by = 1) {
      series(name, labels).value += by;
    },
    counter(name, labels = {}) {
      const s = series(name, labels);
      return {
        inc(by = 1) {
          s.value += by;
        },
      };
    },
    histogram,
    set(name, labels, value) {
      series(name, labels).value = value;
    },
    observe(name, labels, value) {
      histogram(name, labels).observe(value);
    },
    value(name, labels = {}) {
      return families.get(name)?.series.get(labelText(labels))?.value ?? 0;
    },
    render() {
      const out: string[] = [];
      for (const [name, f] of families) {
        out.push(`# HELP ${name} ${f.help}`, `# TYPE ${name} ${f.type}`);
        for (const s of f.series.values()) {
          if (f.type !== 'histogram') {
            out.push(`${name}${labelText(s.labels)} ${s.value}`);
            continue;
          }
          f.bounds?.forEach((b, i) => {
            out.push(`${name}_bucket${labelText({ ...s.labels, le: String(b) })} ${s.buckets?.[i] ?? 0}`);
          });
          out.push(`${name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.value}`);
          out.push(`${name}_sum${labelText(s.labels)} ${s.sum ?? 0}`, `${name}_count${labelText(s.labels)} ${s.value}`);
        }
      }
      return `${out.join('\n')}\n`;
    },
  };
}
