/**
 * Cache benchmark (`npm run bench:cache -w @miq/embed-api`): requests/s and p50/p99 latency of a warm
 * `POST /api/v1/metrics` hit (token verified, rate limit and audit on) against a bare Hono route on the same server
 * returning the same bytes, over loopback with keep-alive, for the LRU and for Redis (MIQ_TEST_REDIS_URL or
 * REDIS_URL; skipped with a note when neither is set). The server runs in its own process; rounds alternate bare and
 * cached so that machine load hits both alike; the figure is the median of the per-round ratios (cached / bare in
 * the same round). Targets: ≥ 70 % (LRU), ≥ 50 % (Redis). Env: BENCH_SECONDS (per round, 2), BENCH_ROUNDS (7),
 * BENCH_CONCURRENCY (16), BENCH_L1_MS (Redis L1 time to live, 1000; 0 = Redis alone).
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

interface Ready {
  url: string;
  token: string;
  body: string;
  bytes: number;
  l1Ms: number;
}

async function startServer(store: string, l1Ms: string | undefined) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./cache-server.ts', import.meta.url))],
    {
      env: { ...process.env, BENCH_STORE: store, ...(l1Ms === undefined ? {} : { BENCH_L1_MS: l1Ms }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const ready = await new Promise<Ready>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as Ready);
    });
    child.once('exit', (code) => reject(new Error(`bench server exited ${code}`)));
  });
  return { ready, stop: () => child.kill('SIGTERM') };
}

async function load(url: string, path: string, headers: Record<string, string>, body: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const { hostname, port } = new URL(url);
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + SECONDS * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = request(
        {
          agent,
          hostname,
          port,
          path,
          method: 'POST',
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () => {
            if (res.statusCode === 200) latencies.push(performance.now() - t0);
            else errors++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < end) await one();
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN;
  return { rps: latencies.length / elapsed, p50: q(0.5), p99: q(0.99), errors };
}

const median = <T>(xs: T[], by: (x: T) => number): T =>
  [...xs].sort((a, b) => by(a) - by(b))[Math.floor(xs.length / 2)]!;

// Redis twice: as the Node entry runs it (L1 in front) and alone (every hit an MGET), unless BENCH_L1_MS says.
const redisRuns = process.env.BENCH_L1_MS === undefined ? ['redis', 'redis:0'] : ['redis'];
const stores = ['lru', ...(process.env.MIQ_TEST_REDIS_URL || process.env.REDIS_URL ? redisRuns : [])];
const fmt = (n: number, d = 0) => n.toFixed(d).padStart(8);
console.log(
  `cache benchmark: ${ROUNDS} rounds × ${SECONDS}s per target, concurrency ${CONCURRENCY}, loopback keep-alive`,
);
for (const run of stores) {
  const [store, l1Ms] = run.split(':') as [string, string | undefined];
  const { ready, stop } = await startServer(store, l1Ms);
  const headers = { authorization: `Bearer ${ready.token}`, 'content-type': 'application/json' };
  try {
    await load(ready.url, '/api/v1/metrics', headers, ready.body); // warm-up (JIT, sockets)
    const bare: Awaited<ReturnType<typeof load>>[] = [];
    const bareJson: Awaited<ReturnType<typeof load>>[] = [];
    const cached: Awaited<ReturnType<typeof load>>[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      bare.push(await load(ready.url, '/bare', headers, ready.body));
      cached.push(await load(ready.url, '/api/v1/metrics', headers, ready.body));
      bareJson.push(await load(ready.url, '/bare-json', headers, ready.body));
    }
    const b = median(bare, (r) => r.rps);
    const bj = median(bareJson, (r) => r.rps);
    const c = median(cached, (r) => r.rps);
    // Each round measures bare then cached back to back: the median of the per-round ratios is the figure (the ratio
    // of the two medians, taken over rounds the machine's load treated differently, is printed beside it).
    const ratios = bare.map((r, i) => cached[i]!.rps / r.rps);
    const ratio = [...ratios].sort((x, y) => x - y)[ratios.length >> 1] as number;
    const l1 = ready.l1Ms > 0 ? `, in-process L1 ${ready.l1Ms} ms in front` : '';
    console.log(`\n${store} (${ready.bytes} bytes per response${l1})`);
    console.log('target            req/s   p50 ms   p99 ms   errors');
    console.log(`bare route     ${fmt(b.rps)} ${fmt(b.p50, 2)} ${fmt(b.p99, 2)} ${fmt(b.errors)}`);
    console.log(
      `bare + json    ${fmt(bj.rps)} ${fmt(bj.p50, 2)} ${fmt(bj.p99, 2)} ${fmt(bj.errors)}  (reads the body)`,
    );
    console.log(`metrics hit    ${fmt(c.rps)} ${fmt(c.p50, 2)} ${fmt(c.p99, 2)} ${fmt(c.errors)}`);
    console.log(
      `ratio ${(ratio * 100).toFixed(0)} % (median of rounds; of the medians ${((c.rps / b.rps) * 100).toFixed(0)} %), per round ${ratios.map((r) => `${(r * 100).toFixed(0)} %`).join(', ')}; target ${store === 'lru' ? '≥ 70' : '≥ 50'} %`,
    );
  } finally {
    stop();
  }
}
process.exit(0);
