import type { MiqError } from '../errors/index.js';
import { TokenManager } from '../internal/token-manager.js';
import { type CallOptions, Transport } from '../internal/transport.js';
import type {
  AgentQueryRequest,
  AgentQueryResponse,
  AgentRecommendRequest,
  AgentRecommendResponse,
  AlertsParams,
  AlertsResponse,
  Dashboard,
  DashboardList,
  FilterOptionsResponse,
  FilterType,
  HealthResponse,
  MetricsBatchRequest,
  MetricsBatchResponse,
  MetricsQuery,
  MetricsResponse,
  SavedView,
  SavedViewInput,
  SavedViewList,
  SchemaResponse,
  TrendsParams,
  TrendsResponse,
} from '../types.js';

export interface ClientOptions {
  /** Where the embed API runs, e.g. `https://miq.example.com` (the client adds `/api/v1`). */
  readonly baseUrl: string;
  /** A static tenant token. With `getToken` too, it is used until it is due for refresh. */
  readonly token?: string;
  /** Returns a fresh tenant token (usually from your back end); called ahead of expiry and once after a 401. */
  readonly getToken?: () => Promise<string>;
  /** Defaults to `globalThis.fetch`. */
  readonly fetch?: typeof fetch;
  /** Sent as `Accept-Language`. */
  readonly locale?: string;
  /** Per-call time budget (retries included), default 30 000 ms; 0 disables. */
  readonly timeoutMs?: number;
  /** Retries for 429/502/503/504 and network errors on safe requests, default 2. */
  readonly retries?: number;
  /** First backoff step, default 250 ms (doubled per retry, jittered, capped at 5 s). */
  readonly retryBaseDelayMs?: number;
  /** A `Retry-After` longer than this is not waited for (the error is raised). Default 30 000 ms. */
  readonly maxRetryAfterMs?: number;
  /** Refresh a token when less than this is left (default 30 000 ms; never more than a quarter of its lifetime). */
  readonly refreshBeforeMs?: number;
}

export interface FilterOptionsParams {
  readonly search?: string;
  readonly limit?: number;
  readonly offset?: number;
}

export type { CallOptions };

/** The typed client; see {@link createClient}. */
export interface MiqClient {
  /** Runs one unified metrics query (`POST /api/v1/metrics`). */
  metrics(query: MetricsQuery, options?: CallOptions): Promise<MetricsResponse>;
  /** The catalog of members this token may query (`GET /api/v1/schema`). */
  /** Several queries in one request, e.g. every panel of a dashboard (`POST /api/v1/metrics/batch`, max 25). */
  metricsBatch(request: MetricsBatchRequest, options?: CallOptions): Promise<MetricsBatchResponse>;
  schema(options?: CallOptions): Promise<SchemaResponse>;
  health(options?: CallOptions): Promise<HealthResponse>;
  /**
   * Filter options of one type, e.g. `campaigns` (`GET /api/v1/filters/{type}`): `{ member, options: [{ value,
   * label }], total, hasMore }`, the token's locked filters applied.
   */
  filters(type: FilterType, params?: FilterOptionsParams, options?: CallOptions): Promise<FilterOptionsResponse>;
  /** One metric over time with its comparison (`GET /api/v1/trends`). */
  trends(params: TrendsParams, options?: CallOptions): Promise<TrendsResponse>;
  readonly dashboards: {
    list(options?: CallOptions): Promise<DashboardList>;
    get(id: string, options?: CallOptions): Promise<Dashboard>;
    /** The token's user's (`sub`) saved views of a dashboard. */
    readonly views: {
      list(id: string, options?: CallOptions): Promise<SavedViewList>;
      /** Saves a new view; the server assigns its id. */
      save(id: string, view: SavedViewInput, options?: CallOptions): Promise<{ view: SavedView }>;
      remove(id: string, viewId: string, options?: CallOptions): Promise<{ deleted: boolean }>;
    };
  };
  readonly agents: {
    query(request: AgentQueryRequest, options?: CallOptions): Promise<AgentQueryResponse>;
    recommend(request: AgentRecommendRequest, options?: CallOptions): Promise<AgentRecommendResponse>;
  };
  alerts(params?: AlertsParams, options?: CallOptions): Promise<AlertsResponse>;
  /** Called when a token expired and could not be refreshed; returns an unsubscribe function. */
  onTokenExpired(listener: (error: MiqError) => void): () => void;
}

const seg = encodeURIComponent;

/**
 * Creates a client for the embed API. Works in browsers, Node 20 and Cloudflare Workers.
 *
 * @example
 * const client = createClient({ baseUrl: 'https://miq.example.com', getToken: () => fetch('/miq-token').then((r) => r.text()) });
 * const { data } = await client.metrics({ measures: ['ads.spend'], timeDimension: { dimension: 'date.day', dateRange: q.lastDays(30) } });
 */
export function createClient(options: ClientOptions): MiqClient {
  if (!options || typeof options.baseUrl !== 'string' || options.baseUrl === '') {
    throw new TypeError('createClient: baseUrl is required');
  }
  if (options.token === undefined && options.getToken === undefined) {
    throw new TypeError('createClient: give a token or a getToken function');
  }
  const tokens = new TokenManager(options);
  const t = new Transport({ ...options, tokens, headers: options.locale ? { 'accept-language': options.locale } : {} });
  const get = <T>(path: string, o?: CallOptions, query?: Record<string, unknown>) =>
    t.request<T>({ method: 'GET', path, query: query as never, retry: true }, o);
  // These POSTs are reads: safe to retry and to share.
  const read = <T>(path: string, body: unknown, o?: CallOptions) =>
    t.request<T>({ method: 'POST', path, body, retry: true }, o);
  const views = (id: string) => `/dashboards/${seg(id)}/views`;

  return {
    metrics: (query, o) => read('/metrics', query, o),
    metricsBatch: (request, o) => read('/metrics/batch', request, o),
    schema: (o) => get('/schema', o),
    health: (o) => get('/health', o),
    filters: (type, params, o) => get(`/filters/${seg(type)}`, o, params as Record<string, unknown>),
    trends: ({ dateRange, filters, ...rest }, o) =>
      get('/trends', o, {
        ...rest,
        dateRange: Array.isArray(dateRange) ? dateRange.join(',') : dateRange,
        filters: filters && JSON.stringify(filters),
      }),
    dashboards: {
      list: (o) => get('/dashboards', o),
      get: (id, o) => get(`/dashboards/${seg(id)}`, o),
      // Writes go by POST (the API's CORS allows GET and POST only). Saving creates a view: never retried.
      // Deleting is idempotent in effect: retried, never shared.
      views: {
        list: (id, o) => get(views(id), o),
        save: (id, view, o) =>
          t.request({ method: 'POST', path: views(id), body: view, retry: false, dedupe: false }, o),
        remove: (id, viewId, o) =>
          t.request({ method: 'POST', path: `${views(id)}/${seg(viewId)}/delete`, retry: true, dedupe: false }, o),
      },
    },
    agents: {
      query: (request, o) => read('/agents/query', request, o),
      recommend: (request, o) => read('/agents/recommend', request, o),
    },
    alerts: (params, o) => get('/alerts', o, params),
    onTokenExpired: (listener) => tokens.onExpired(listener),
  };
}
