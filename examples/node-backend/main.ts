/**
 * `node --import tsx examples/node-backend/main.ts` (from the repository root, with `make demo` running): the example
 * host on http://127.0.0.1:3000. Environment: `PORT` (3000), `HOST` (127.0.0.1), `MIQ_API_BASE`
 * (http://127.0.0.1:8787), the embed key (see partner.ts), `HOST_SESSION_SECRET`, `HOST_PUBLIC_ORIGIN`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAssets } from './assets.js';
import { createHostServer } from './host-server.js';
import { partnerFromEnv } from './partner.js';
import { DEMO_USERS } from './users.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const env = process.env;
const port = Number(env.PORT ?? 3000);
const host = env.HOST ?? '127.0.0.1';
const server = createHostServer({
  apiBase: env.MIQ_API_BASE ?? 'http://127.0.0.1:8787',
  partner: partnerFromEnv(env, path.join(REPO, '.miq/demo-partner.json')),
  users: DEMO_USERS,
  assetsDir: await buildAssets(),
  sessionSecret: env.HOST_SESSION_SECRET,
  publicOrigin: env.HOST_PUBLIC_ORIGIN,
});
server.listen(port, host, () => {
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  process.stdout.write(
    `example host on http://${host}:${actual}/ (API ${env.MIQ_API_BASE ?? 'http://127.0.0.1:8787'})\n`,
  );
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.close(() => process.exit(0)));
