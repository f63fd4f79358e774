/**
 * Token verification cost per algorithm (`npm run bench -w @miq/embed-api`), on this machine:
 *  - first-seen: a token never verified before — kid and tenant lookups in the app database (in-memory PGlite),
 *    signature check, claim checks; the mean over distinct tokens;
 *    (the signature check alone is shown beside it);
 *  - repeated: the same token again — served from the verified-token cache; the mean over many calls.
 * Not a test: prints a table and exits. Target: ≤ 5 µs for a repeated token.
 */
import { importJWK, jwtVerify } from 'jose';
import { migrateAppDb } from '../src/app-db/migrate.js';
import { createPgliteAppDb } from '../src/app-db/pglite/index.js';
import { mintTenantToken } from '../src/auth/mint-tenant-token.js';
import { registerTestKey, seedTestTenancy, TEST_MASTER_KEY } from '../src/auth/testing.js';
import { createTenantTokenVerifier } from '../src/auth/verify-tenant-token.js';
import { defaultAppConfig } from '../src/config/index.js';

const FIRST_SEEN = Number(process.env.BENCH_FIRST_SEEN ?? 300);
const REPEATED = Number(process.env.BENCH_REPEATED ?? 200_000);

const appDb = await createPgliteAppDb();
await migrateAppDb(appDb.db);
await seedTestTenancy(appDb.db);
const verify = createTenantTokenVerifier({
  db: appDb.db,
  policy: defaultAppConfig.tokens,
  clock: () => new Date(),
  masterKey: TEST_MASTER_KEY,
  cacheSeconds: 600,
});

const rows: string[][] = [];
for (const alg of ['EdDSA', 'ES256', 'RS256', 'HS256'] as const) {
  const key = await registerTestKey(appDb.db, 'p-one', alg);
  const mint = () =>
    mintTenantToken({
      partnerId: 'p-one',
      kid: key.kid,
      alg,
      key: key.privateKey,
      claims: { sub: 'bench', tenant: 'acme', dashboards: ['*'], filters: { 'account.id': ['120208455931760418'] } },
      lifetimeSeconds: 3600,
    });
  const tokens = await Promise.all(Array.from({ length: FIRST_SEEN + 20 }, mint));
  for (const t of tokens.slice(0, 20)) await verify(t); // warm-up (JIT, key import paths, PGlite)
  let t0 = performance.now();
  for (const t of tokens.slice(20)) await verify(t);
  const firstSeenUs = ((performance.now() - t0) * 1000) / FIRST_SEEN;

  // The signature and claim check alone (jose), for comparison: the rest of first-seen is the two lookups.
  const publicKey = key.publicJwk === undefined ? key.privateKey : await importJWK(key.publicJwk, alg);
  t0 = performance.now();
  for (const t of tokens.slice(20)) await jwtVerify(t, publicKey, { algorithms: [alg] });
  const signatureUs = ((performance.now() - t0) * 1000) / FIRST_SEEN;

  const token = tokens[0]!;
  for (let i = 0; i < 10_000; i++) await verify(token);
  t0 = performance.now();
  for (let i = 0; i < REPEATED; i++) await verify(token);
  const repeatedUs = ((performance.now() - t0) * 1000) / REPEATED;
  rows.push([
    alg,
    firstSeenUs.toFixed(1),
    signatureUs.toFixed(1),
    repeatedUs.toFixed(2),
    repeatedUs <= 5 ? 'yes' : 'NO',
  ]);
}
await appDb.close();

const header = ['alg', 'first-seen µs', 'of which signature µs', 'repeated µs', '≤ 5 µs'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join('  ');
process.stdout.write(
  `token verification (first-seen n=${FIRST_SEEN}, repeated n=${REPEATED}; node ${process.version}, ` +
    `load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)})\n${line(header)}\n${rows.map(line).join('\n')}\n`,
);
