import type { Context, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { requestHeader } from './request-header.js';

export interface CorsOptions {
  /** The allowed origin to echo (or `*`), or null to send no `Access-Control-Allow-Origin`. */
  readonly origin: (origin: string, c: Context) => string | null | Promise<string | null>;
  readonly allowMethods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly maxAge: number;
}

/** Context variables set by `edgeHeaders`. */
export interface EdgeVariables {
  /** The request's id: a well-formed incoming `X-Request-Id`, else a new UUID. Logged with errors. */
  readonly requestId: string;
  /** The headers every response of this request carries (request id; CORS under `/api/`), as a plain object. */
  readonly edgeHeaders: Readonly<Record<string, string>>;
  /** Set by a handler that already put `edgeHeaders` into its response (`respondText`). */
  readonly edgeHeadersSent: boolean;
}

const REQUEST_ID = /^[\w\-=]{1,255}$/;

/**
 * The headers every response carries: `X-Request-Id` (echoing a well-formed incoming one, as Hono's `requestId`
 * does) and, under `/api/`, CORS — Hono's own middleware for preflights; for every other request `Allow-Origin`,
 * `Expose-Headers` and `Vary: Origin`.
 *
 * They are decided before the handler runs and kept as a plain object (`c.var.edgeHeaders`). A handler on the hot
 * path sends them with its own (`respondText`): its response then stays the adapter's lightweight one with plain
 * headers, written in one go. Any other response gets them set afterwards on its `Headers`. (Hono's `cors()` and
 * `requestId()` write into `c.res`/`c.header()` before the handler: Hono then rebuilds the handler's response from its
 * body stream, and every response builds a web `Headers` object — together ~10 µs of a cached hit's ~40 µs.)
 *
 * @example
 * app.use(edgeHeaders({ origin: () => '*', allowMethods: ['GET'], allowHeaders: [], exposeHeaders: [], maxAge: 600 }));
 */
export function edgeHeaders(options: CorsOptions): MiddlewareHandler<{ Variables: EdgeVariables }> {
  const preflight = cors({
    origin: options.origin,
    allowMethods: [...options.allowMethods],
    allowHeaders: [...options.allowHeaders],
    exposeHeaders: [...options.exposeHeaders],
    maxAge: options.maxAge,
  });
  const expose = options.exposeHeaders.join(',');
  return async function edgeHeadersMiddleware(c, next) {
    const incomingId = requestHeader(c, 'x-request-id');
    const requestId = incomingId !== undefined && REQUEST_ID.test(incomingId) ? incomingId : crypto.randomUUID();
    c.set('requestId', requestId);
    const api = c.req.path.startsWith('/api/');
    if (api && c.req.method === 'OPTIONS') {
      c.header('X-Request-Id', requestId);
      return preflight(c, next);
    }
    const headers: Record<string, string> = { 'X-Request-Id': requestId };
    if (api) {
      const decided = options.origin(requestHeader(c, 'origin') ?? '', c);
      const allow = decided instanceof Promise ? await decided : decided;
      if (allow) headers['Access-Control-Allow-Origin'] = allow;
      if (expose !== '') headers['Access-Control-Expose-Headers'] = expose;
      // The answer depends on the Origin (a function decides), as Hono's middleware says for a non-`*` option.
      headers.Vary = 'Origin';
    }
    c.set('edgeHeaders', headers);
    await next();
    if (c.get('edgeHeadersSent') === true) return;
    const res = c.res.headers;
    for (const name in headers) {
      if (name === 'Vary') res.append(name, headers[name] as string);
      else res.set(name, headers[name] as string);
    }
  };
}

/**
 * The hot path's response: `text` with `headers` and the request's edge headers as one plain object, so the Node
 * adapter writes it without building a web `Headers` (see `edgeHeaders`).
 *
 * @example
 * return respondText(c, json, 200, { 'Content-Type': 'application/json' });
 */
export function respondText(c: Context, text: string, status: number, headers: Record<string, string>): Response {
  const edge = c.get('edgeHeaders') as Record<string, string> | undefined;
  if (edge === undefined) return new Response(text, { status, headers });
  c.set('edgeHeadersSent', true);
  return new Response(text, { status, headers: { ...edge, ...headers } });
}
