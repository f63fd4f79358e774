import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AdminContext } from '../admin/operations.js';
import type { AppDb } from '../app-db/app-db.js';
import { migrateAppDb } from '../app-db/migrate.js';
import { createPgliteAppDb } from '../app-db/pglite/index.js';
import { createAuditWriter } from '../audit/index.js';
import { sha256Hex } from '../auth/api-keys.js';
import { createLocalRevocationBus } from '../auth/revocation.js';
import { MiqError } from '../errors/index.js';
import { createMemoryLogger } from '../logger.js';
import { runCli, UsageError } from './run-cli.js';

describe('operator CLI commands', () => {
  let appDb: AppDb;
  let ctx: AdminContext;
  const out: string[] = [];
  const run = (line: string) =>
    runCli(
      line.match(/"[^"]*"|\S+/g)!.map((a) => a.replace(/^"|"$/g, '')),
      ctx,
      { out: (l) => out.push(l) },
    );

  beforeAll(async () => {
    appDb = await createPgliteAppDb();
    await migrateAppDb(appDb.db);
    const audit = createAuditWriter({ db: appDb.db, logger: createMemoryLogger() });
    ctx = {
      db: appDb.db,
      audit,
      revocations: createLocalRevocationBus(),
      clock: () => new Date(),
      masterKey: undefined,
      jwksTestAllowHosts: [],
      actor: { kind: 'operator' },
    };
  });
  afterAll(() => appDb?.close());

  it('creates a partner, a tenant with its warehouse location, an API key and a connector mapping', async () => {
    await run('partner create acme --name "Acme Agency" --max-lifetime 7200');
    await run(
      'tenant create rare-seeds --partner acme --name "Rare Seeds" --location rare-seeds --currency USD --tz America/Chicago',
    );
    await run('connector map conn_abc --tenant rare-seeds');
    out.length = 0;
    await run('api-key create acme');
    const created = JSON.parse(out[0]!) as { key: string; apiKey: { prefix: string } };
    expect(created.key).toMatch(/^miq_pk_[\w-]{43}$/);
    expect(created.key.startsWith(created.apiKey.prefix)).toBe(true);
    const stored = await appDb.db.selectFrom('partner_api_keys').select(['key_hash']).executeTakeFirstOrThrow();
    expect(stored.key_hash).toBe(await sha256Hex(created.key));
    const tenant = await appDb.db.selectFrom('tenants').selectAll().executeTakeFirstOrThrow();
    expect(tenant).toMatchObject({
      partner_id: 'acme',
      warehouse_location: 'rare-seeds',
      time_zone: 'America/Chicago',
    });
    const partner = await appDb.db.selectFrom('partners').selectAll().executeTakeFirstOrThrow();
    expect(partner.max_token_lifetime_seconds).toBe(7200);
    const mapped = await appDb.db.selectFrom('tenant_connectors').selectAll().executeTakeFirstOrThrow();
    expect(mapped).toMatchObject({ external_id: 'conn_abc', kind: 'connector', tenant_id: 'rare-seeds' });
    await (ctx.audit as ReturnType<typeof createAuditWriter>).flush();
    const actions = await appDb.db.selectFrom('audit_log').select(['action', 'actor_kind']).orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual([
      'partner.create',
      'tenant.create',
      'connector.map',
      'api_key.create',
    ]);
    expect(new Set(actions.map((a) => a.actor_kind))).toEqual(new Set(['operator']));
  });

  it('refuses bad input with field errors and usage errors', async () => {
    await expect(
      run('tenant create x --partner acme --name X --location ../etc --currency USD --tz UTC'),
    ).rejects.toMatchObject({
      details: [expect.objectContaining({ field: 'warehouseLocation' })],
    });
    await expect(
      run('tenant create copy --partner acme --name X --location rare-seeds --currency USD --tz UTC'),
    ).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(
      run('tenant create y --partner ghost --name X --location y --currency USD --tz UTC'),
    ).rejects.toBeInstanceOf(MiqError);
    await expect(run('partner create acme2 --name A --max-lifetime 90000')).rejects.toBeInstanceOf(MiqError);
    await expect(run('partner frobnicate')).rejects.toBeInstanceOf(UsageError);
    await expect(
      run('tenant create z --partner acme --name Z --location z --currency USD --tz UTC --color red'),
    ).rejects.toBeInstanceOf(UsageError);
  });

  it('runs as a process: exit 0 on success, 2 with a message on bad input', () => {
    const dir = mkdtempSync(join(tmpdir(), 'miq-cli-'));
    const env = { ...process.env, MIQ_PGLITE_DIR: join(dir, 'pg'), DATABASE_URL: '', REDIS_URL: '' };
    const cli = (args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/miq.ts', ...args], {
        env,
        encoding: 'utf8',
        cwd: join(import.meta.dirname, '../..'),
      });
    const ok = cli(['partner', 'create', 'p1', '--name', 'P1']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ partner: { id: 'p1' } });
    const bad = cli([
      'tenant',
      'create',
      't1',
      '--partner',
      'p1',
      '--name',
      'T',
      '--location',
      'a b',
      '--currency',
      'USD',
      '--tz',
      'UTC',
    ]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/warehouseLocation/);
  });
});
