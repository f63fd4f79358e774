/**
 * Temporary stand-in for `@miq/sdk-js` (same call surface) until the SDK exports `createClient`.
 * Delete when `client.ts` switches to the SDK.
 */
import type { DashboardDocument } from './dashboard-document.js';
import type { FilterOptionsResponse, MetricsQuery, MetricsResponse } from './wire.js';

export interface ClientOptions {
  readonly baseUrl: string;
  readonly token?: string;
  readonly getToken?: () => Promise<string>;
  readonly fetch?: typeof fetch;
  readonly locale?: string;
}

export class MiqError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: readonly { field: string; code: string; message: string }[];
  constructor(init: { code: string; message: string; status?: number; details?: MiqError['details'] }) {
    super(init.message);
    this.name = new.target.name;
    this.code = init.code;
    this.status = init.status ?? 0;
    this.details = init.details ?? [];
  }
}
export class MiqAuthError extends MiqError {}

export function createClient(options: ClientOptions) {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const base = `${options.baseUrl.replace(/\/$/, '')}/api/v1`;
  const expiredListeners = new Set<(error: MiqAuthError) => void>();
  let token = options.token;

  async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      if (!token && options.getToken) token = await options.getToken();
      const headers: Record<string, string> = { accept: 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      if (options.locale) headers['accept-language'] = options.locale;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const init: RequestInit = { method, headers };
      if (body !== undefined) init.body = JSON.stringify(body);
      if (signal) init.signal = signal;
      const res = await doFetch(`${base}${path}`, init);
      const json = (await res.json().catch(() => undefined)) as
        | { error?: { code?: string; message?: string; details?: MiqError['details'] } }
        | undefined;
      if (res.ok) return json as T;
      const e = json?.error;
      const init2 = {
        code: e?.code ?? `http_${res.status}`,
        message: e?.message ?? `HTTP ${res.status}`,
        status: res.status,
      };
      if (res.status === 401) {
        const error = new MiqAuthError(init2);
        if (error.code === 'token_expired' && options.getToken && attempt === 0) {
          token = await options.getToken();
          continue;
        }
        if (error.code === 'token_expired') for (const l of expiredListeners) l(error);
        throw error;
      }
      throw new MiqError(init2);
    }
  }

  return {
    metrics: (query: MetricsQuery, opts: { signal?: AbortSignal } = {}) =>
      request<MetricsResponse>('POST', '/metrics', query, opts.signal),
    schema: () => request<unknown>('GET', '/schema'),
    filters: (type: string, opts: { search?: string; limit?: number; offset?: number } = {}) => {
      const params = new URLSearchParams();
      if (opts.search) params.set('search', opts.search);
      if (opts.limit !== undefined) params.set('limit', String(opts.limit));
      if (opts.offset !== undefined) params.set('offset', String(opts.offset));
      const qs = params.toString();
      return request<FilterOptionsResponse>('GET', `/filters/${encodeURIComponent(type)}${qs ? `?${qs}` : ''}`);
    },
    dashboards: {
      get: (id: string) => request<DashboardDocument>('GET', `/dashboards/${encodeURIComponent(id)}`),
      list: () => request<{ dashboards: { id: string; title: string }[] }>('GET', '/dashboards'),
    },
    onTokenExpired(listener: (error: MiqAuthError) => void): () => void {
      expiredListeners.add(listener);
      return () => expiredListeners.delete(listener);
    },
  };
}
