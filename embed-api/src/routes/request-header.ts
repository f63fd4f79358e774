import type { Context } from 'hono';

/** What `@hono/node-server` passes as `c.env`: the Node request, whose headers Node has already parsed. */
interface NodeBindings {
  readonly incoming?: { readonly headers?: Readonly<Record<string, string | string[] | undefined>> };
}

/**
 * One request header by its lower-case name. On Node it reads the headers Node already parsed (`c.env.incoming`):
 * `c.req.header()` would first build a web `Headers` object from every raw header (~3 µs per request on the warm
 * `/api/v1/metrics` hit, where nothing else needs it). Elsewhere (Workers, `app.request`) it is `c.req.header()`.
 * Repeated headers read as Node joins them (`, `), as `Headers.get` does; Node keeps only the first of the headers it
 * defines as single-valued (`authorization`, `content-type`, `content-length`, …).
 *
 * @example
 * const auth = requestHeader(c, 'authorization');
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const parsed = (c.env as NodeBindings | undefined)?.incoming?.headers;
  if (parsed === undefined) return c.req.header(name);
  const value = parsed[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
