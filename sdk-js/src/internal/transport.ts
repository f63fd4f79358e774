import {
  errorFromResponse,
  MiqAbortError,
  type MiqError,
  MiqNetworkError,
  MiqServerError,
  MiqTimeoutError,
} from '../errors/index.js';
import { backoffDelay, parseRetryAfter, RETRYABLE_STATUSES } from './retry.js';
import type { TokenManager } from './token-manager.js';

/** Per-call options accepted by every client method. */
export interface CallOptions {
  /** Cancels this call (only this caller's share, when an identical request is in flight for others too). */
  readonly signal?: AbortSignal | undefined;
  /** Overall time budget for this call, retries included; 0 disables. */
  readonly timeoutMs?: number | undefined;
  /** The embedded dashboard this request serves (`X-Miq-Dashboard`), recorded in the partner's audit log. */
  readonly dashboard?: string | undefined;
}

export interface TransportConfig {
  readonly baseUrl: string;
  readonly tokens: TokenManager;
  readonly fetch?: typeof fetch | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  /** Default 30 000 ms. */
  readonly timeoutMs?: number | undefined;
  /** Retries after the first attempt for 429/502/503/504 and network errors; default 2. */
  readonly retries?: number | undefined;
  /** First backoff step (default 250 ms), doubled per retry up to `retryMaxDelayMs` (default 5 000 ms). */
  readonly retryBaseDelayMs?: number | undefined;
  readonly retryMaxDelayMs?: number | undefined;
  /** A `Retry-After` longer than this is not waited for; the error is raised instead. Default 30 000 ms. */
  readonly maxRetryAfterMs?: number | undefined;
  /** Path prefix appended to `baseUrl`, default `/api/v1`. */
  readonly prefix?: string | undefined;
}

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[] | object;

export interface RequestSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>> | undefined;
  readonly body?: unknown;
  /** Safe to repeat (a read, or an idempotent write): retried on 429/5xx. Reads are also de-duplicated. */
  readonly retry: boolean;
  readonly dedupe?: boolean;
}

interface Shared {
  readonly controller: AbortController;
  readonly promise: Promise<unknown>;
  refs: number;
  settled: boolean;
}

/** One fetch path for every endpoint: auth, retries with backoff, timeouts, cancellation, de-duplication, errors. */
export class Transport {
  readonly #config: TransportConfig;
  readonly #inflight = new Map<string, Shared>();

  constructor(config: TransportConfig) {
    this.#config = config;
  }

  async request<T>(spec: RequestSpec, options: CallOptions = {}): Promise<T> {
    const { signal } = options;
    if (signal?.aborted) throw abortError(signal);
    const timeoutMs = options.timeoutMs ?? this.#config.timeoutMs ?? 30_000;
    let leave: (error: MiqError) => void = () => {};
    const cancelled = new Promise<never>((_, reject) => {
      leave = reject;
    });
    cancelled.catch(() => {});
    const onAbort = () => leave(abortError(signal));
    signal?.addEventListener('abort', onAbort);
    const timer =
      timeoutMs > 0 && Number.isFinite(timeoutMs)
        ? setTimeout(
            () => leave(new MiqTimeoutError({ code: 'timeout', message: `No answer within ${timeoutMs} ms.` })),
            timeoutMs,
          )
        : undefined;
    let shared: Shared | undefined;
    try {
      const token = await Promise.race([this.#config.tokens.get(), cancelled]);
      const url = this.#url(spec);
      const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
      const key = `${spec.method} ${url}\n${body ?? ''}\n${token}\n${options.dashboard ?? ''}`;
      shared = (spec.dedupe ?? spec.retry) ? this.#inflight.get(key) : undefined;
      if (!shared) {
        const controller = new AbortController();
        const entry: Shared = {
          controller,
          refs: 0,
          settled: false,
          promise: this.#execute(spec, url, body, token, options.dashboard, controller.signal).finally(() => {
            entry.settled = true;
            if (this.#inflight.get(key) === entry) this.#inflight.delete(key);
          }),
        };
        entry.promise.catch(() => {});
        if (spec.dedupe ?? spec.retry) this.#inflight.set(key, entry);
        shared = entry;
      }
      shared.refs++;
      const current = shared;
      try {
        return (await Promise.race([current.promise, cancelled])) as T;
      } finally {
        // The last caller to leave an unfinished request cancels it; others sharing it are unaffected.
        if (--current.refs === 0 && !current.settled) {
          current.controller.abort();
          for (const [k, v] of this.#inflight) if (v === current) this.#inflight.delete(k);
        }
      }
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  #url(spec: RequestSpec): string {
    const base = this.#config.baseUrl.replace(/\/+$/, '') + (this.#config.prefix ?? '/api/v1') + spec.path;
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(spec.query ?? {})) {
      if (value === undefined || value === null) continue;
      if (Array.isArray(value)) for (const v of value) params.append(name, String(v));
      else params.append(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
    }
    const qs = params.toString();
    return qs ? `${base}?${qs}` : base;
  }

  async #execute(
    spec: RequestSpec,
    url: string,
    body: string | undefined,
    token: string,
    dashboard: string | undefined,
    signal: AbortSignal,
  ) {
    const c = this.#config;
    const doFetch = c.fetch ?? globalThis.fetch;
    const retries = spec.retry ? (c.retries ?? 2) : 0;
    let renewed = false;
    for (let attempt = 0; ; ) {
      const headers: Record<string, string> = {
        accept: 'application/json',
        ...c.headers,
        authorization: `Bearer ${token}`,
      };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (dashboard !== undefined) headers['x-miq-dashboard'] = dashboard;
      let res: Response;
      try {
        res = await doFetch(url, { method: spec.method, headers, body, signal });
      } catch (cause) {
        if (signal.aborted) throw abortError(signal);
        if (attempt < retries) {
          await sleep(backoffDelay(attempt++, c.retryBaseDelayMs ?? 250, c.retryMaxDelayMs ?? 5000), signal);
          continue;
        }
        throw new MiqNetworkError({ code: 'network_error', message: `Could not reach ${url}.`, cause });
      }
      if (res.ok) return readBody(res, true);
      const payload = await readBody(res, false).catch(() => undefined);
      if (res.status === 401 && !renewed && c.tokens.canRefresh) {
        renewed = true;
        token = await c.tokens.renew(token);
        continue;
      }
      const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
      if (
        RETRYABLE_STATUSES.has(res.status) &&
        attempt < retries &&
        (retryAfter ?? 0) <= (c.maxRetryAfterMs ?? 30_000)
      ) {
        const base = c.retryBaseDelayMs ?? 250;
        // Retry-After is a floor; a little jitter on top keeps clients that were told the same time apart.
        const wait =
          retryAfter === undefined
            ? backoffDelay(attempt, base, c.retryMaxDelayMs ?? 5000)
            : retryAfter + Math.random() * Math.min(base, retryAfter / 10);
        attempt++;
        await sleep(wait, signal);
        continue;
      }
      const error = errorFromResponse(res.status, payload, retryAfter, res.headers.get('x-request-id') ?? undefined);
      if (error.code === 'token_expired') c.tokens.expired(undefined, error);
      throw error;
    }
  }
}

async function readBody(res: Response, ok: boolean): Promise<unknown> {
  if (res.status === 204) return undefined;
  const text = await res.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (cause) {
    if (!ok) return undefined;
    throw new MiqServerError({
      code: 'invalid_response',
      status: res.status,
      message: 'The response is not JSON.',
      cause,
    });
  }
}

function abortError(signal: AbortSignal | undefined): MiqAbortError {
  return new MiqAbortError({ code: 'aborted', message: 'The request was aborted.', cause: signal?.reason });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    signal.addEventListener('abort', stop, { once: true });
  });
}
