/**
 * The host back end (plain `node:http`): a fake login (see session.ts), the token endpoint the widgets call, and the
 * three example pages — plain HTML (`/plain/`), React (`/react/`) and the agency portal (`/agency/`).
 *
 * | route | what |
 * |---|---|
 * | `GET /` | sign-in form (fake: pick a user) or links to the pages |
 * | `POST /login`, `POST /logout` | sets / clears the signed session cookie |
 * | `GET /me` | the user, their dashboard and the tenants (clients) they may switch between |
 * | `GET /miq-token?tenant=` | a 5-minute tenant token for the signed-in user (default: their first tenant) |
 * | `GET /plain/`, `/react/`, `/agency/` | the example pages; `/assets/*` their bundled scripts |
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSessionCodec, type SessionCodec } from './session.js';
import { grantFor, mintFor, type PartnerCredentials } from './tokens.js';
import type { HostUser } from './users.js';

const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const PAGES: Readonly<Record<string, string>> = {
  '/plain/': 'node-backend/page.html',
  '/react/': 'react-host/index.html',
  '/agency/': 'agency-portal/index.html',
};
const STATIC = /^\/static\/(react-host|agency-portal|node-backend)\/([a-z-]+\.css)$/;
const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
};

export interface HostServerOptions {
  /** The embed API's base URL as the browser reaches it (`https://miq.example.com`). */
  readonly apiBase: string;
  readonly partner: PartnerCredentials;
  readonly users: readonly HostUser[];
  /** Output of `buildAssets()`. */
  readonly assetsDir: string;
  /** Session cookie secret; random per process when omitted (sessions end with the process). */
  readonly sessionSecret?: string | undefined;
  /**
   * This host's public origin (`https://app.acme.com`). When set, tokens carry it as their `origin` claim, so the API
   * refuses them from any other page; the session cookie is `Secure` when it is https.
   */
  readonly publicOrigin?: string | undefined;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

function error(res: ServerResponse, status: number, code: string, message: string, field?: string): void {
  sendJson(res, status, { error: { code, message, details: field ? [{ field, code, message }] : [] } });
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 4096) throw new Error('body too large');
  }
  return new URLSearchParams(body);
}

function csp(apiBase: string): string {
  const api = new URL(apiBase).origin;
  return [
    "default-src 'self'",
    `connect-src 'self' ${api}`,
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * @example
 * const server = createHostServer({ apiBase, partner, users: DEMO_USERS, assetsDir: await buildAssets() });
 * server.listen(3000);
 */
export function createHostServer(options: HostServerOptions): Server {
  const sessions: SessionCodec = createSessionCodec({
    secret: options.sessionSecret,
    secure: options.publicOrigin?.startsWith('https:') ?? false,
  });
  const byId = new Map(options.users.map((u) => [u.id, u]));
  const currentUser = (req: IncomingMessage) => {
    const id = sessions.read(req.headers.cookie);
    return id === undefined ? undefined : byId.get(id);
  };

  const page = (file: string, user: HostUser) =>
    readFileSync(path.join(EXAMPLES, file), 'utf8')
      .replaceAll('%API_BASE%', escapeHtml(options.apiBase))
      .replaceAll('%DASHBOARD%', escapeHtml(user.dashboard))
      .replaceAll('%USER_NAME%', escapeHtml(user.name));

  const landing = (user: HostUser | undefined, next: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme Analytics</title>` +
    `<link rel="icon" href="data:,"></head><body><h1>Acme Analytics (Marketing IQ examples)</h1>` +
    (user
      ? `<p>Signed in as ${escapeHtml(user.name)}.</p><ul>` +
        '<li><a href="/plain/">Plain HTML page</a></li><li><a href="/react/">React host</a></li>' +
        '<li><a href="/agency/">Agency portal</a></li></ul><form method="post" action="/logout"><button>Sign out</button></form>'
      : `<p>Fake sign-in for the example: no passwords.</p><form method="post" action="/login">` +
        `<input type="hidden" name="next" value="${escapeHtml(next)}"><label>User <select name="user">` +
        options.users.map((u) => `<option value="${escapeHtml(u.id)}">${escapeHtml(u.name)}</option>`).join('') +
        '</select></label> <button>Sign in</button></form>') +
    '</body></html>';

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://host.invalid');
    const method = req.method ?? 'GET';
    const user = currentUser(req);

    if (method === 'POST' && url.pathname === '/login') {
      const form = await readForm(req).catch(() => undefined);
      if (!form) return error(res, 413, 'payload_too_large', 'The form is larger than 4 KB.');
      const id = form.get('user') ?? '';
      if (!byId.has(id)) return error(res, 400, 'validation_failed', 'Unknown user.', 'user');
      const next = form.get('next') ?? '/';
      // only local paths: never an open redirect
      const target = /^\/(?!\/)[\w\-/]*$/.test(next) ? next : '/';
      res.writeHead(303, { location: target, 'set-cookie': sessions.issue(id) });
      return void res.end();
    }
    if (method === 'POST' && url.pathname === '/logout') {
      res.writeHead(303, { location: '/', 'set-cookie': sessions.clear() });
      return void res.end();
    }
    if (method !== 'GET' && method !== 'HEAD') return error(res, 405, 'method_not_allowed', 'Use GET or POST.');

    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end(landing(user, url.searchParams.get('next') ?? '/'));
    }
    if (url.pathname === '/me' || url.pathname === '/miq-token') {
      if (!user) return error(res, 401, 'unauthenticated', 'Sign in first.');
      if (url.pathname === '/me') {
        return sendJson(res, 200, {
          id: user.id,
          name: user.name,
          dashboard: user.dashboard,
          dashboards: user.dashboards,
          tenants: user.grants.map((g) => ({ id: g.tenant, label: g.label })),
        });
      }
      const tenant = url.searchParams.get('tenant') ?? undefined;
      if (tenant !== undefined && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(tenant)) {
        return error(res, 400, 'validation_failed', 'tenant must be a tenant id.', 'tenant');
      }
      const grant = grantFor(user, tenant);
      if (!grant) return error(res, 403, 'forbidden', 'You may not open this tenant.', 'tenant');
      const token = await mintFor(options.partner, user, grant, { origin: options.publicOrigin });
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      return void res.end(token);
    }
    const pageFile = PAGES[url.pathname];
    if (pageFile) {
      if (!user) {
        res.writeHead(303, { location: `/?next=${encodeURIComponent(url.pathname)}` });
        return void res.end();
      }
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': csp(options.apiBase),
      });
      return void res.end(page(pageFile, user));
    }
    const asset = /^\/assets\/([\w.-]+)$/.exec(url.pathname)?.[1];
    const css = STATIC.exec(url.pathname);
    const file = asset ? path.join(options.assetsDir, asset) : css ? path.join(EXAMPLES, css[1]!, css[2]!) : undefined;
    if (file) {
      let body: Buffer;
      try {
        body = readFileSync(file);
      } catch {
        return error(res, 404, 'not_found', 'No such file.');
      }
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      return void res.end(body);
    }
    error(res, 404, 'not_found', 'No such page.');
  }

  return createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) error(res, 500, 'internal', 'Something went wrong.');
      else res.end();
    });
  });
}
