/**
 * `POST /api/v1/webhooks/fivetran` rules with a recording rebuild (no dbt): signatures (account and group secrets),
 * malformed bodies, replays and stale deliveries, failed syncs, mapping through `tenant_connectors`, and the
 * per-tenant queue (never two runs at once for a tenant; triggers during a run coalesce into one follow-up).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDb } from '../app-db/app-db.js';
import { migrateAppDb } from '../app-db/migrate.js';
import { createPgliteAppDb } from '../app-db/pglite/index.js';
import { createLruStore } from '../cache/lru/lru-store.js';
import { createMetricsRegistry } from '../cache/metrics.js';
import { createMemoryLogger } from '../logger.js';
import { signFivetranBody } from '../refresh/fivetran.js';
import { createRefresher } from '../refresh/refresher.js';
import { createTestApp } from './test-app.js';

const ACCOUNT_SECRET = 'account-secret';
const GROUP_SECRET = 'group-secret';

describe('Fivetran webhook', () => {
  let appDb: AppDb;
  const rebuilds: string[] = [];
  let running = 0;
  let maxRunning = 0;
  /** While set, rebuilds wait for it (so the test controls when a run ends). */
  let gate: Promise<void> | undefined;
  const metrics = createMetricsRegistry();
  const refresher = createRefresher({
    rebuild: async (location) => {
      rebuilds.push(location);
      running++;
      maxRunning = Math.max(maxRunning, running);
      await (gate ?? new Promise((r) => setTimeout(r, 10)));
      running--;
    },
    metrics,
    logger: createMemoryLogger(),
  });
  let app: ReturnType<typeof createTestApp>['app'];

  beforeAll(async () => {
    appDb = await createPgliteAppDb();
    await migrateAppDb(appDb.db);
    await appDb.db.insertInto('partners').values({ id: 'p1', name: 'P1' }).execute();
    await appDb.db
      .insertInto('tenants')
      .values([
        {
          id: 't-one',
          partner_id: 'p1',
          name: 'One',
          warehouse_location: 'loc_one',
          time_zone: 'UTC',
          reporting_currency: 'USD',
        },
        {
          id: 't-two',
          partner_id: 'p1',
          name: 'Two',
          warehouse_location: 'loc_two',
          time_zone: 'UTC',
          reporting_currency: 'EUR',
        },
      ])
      .execute();
    await appDb.db
      .insertInto('tenant_connectors')
      .values([
        { external_id: 'conn_one', kind: 'connector', tenant_id: 't-one' },
        { external_id: 'grp_two', kind: 'group', tenant_id: 't-two' },
      ])
      .execute();
    app = createTestApp(appDb.db, {
      refresh: {
        refresher,
        secrets: { account: ACCOUNT_SECRET, groups: { grp_two: GROUP_SECRET } },
        replayStore: createLruStore(),
        metrics,
      },
    }).app;
  });
  afterAll(async () => {
    await appDb?.close();
  });

  const event = (over: Record<string, unknown> = {}) =>
    JSON.stringify({
      event: 'sync_end',
      created: new Date().toISOString(),
      connector_type: 'google_ads',
      connector_id: 'conn_one',
      sync_id: crypto.randomUUID(),
      destination_group_id: 'grp_one',
      data: { status: 'SUCCESSFUL' },
      ...over,
    });
  const send = async (body: string, secret: string | null = ACCOUNT_SECRET, headers: Record<string, string> = {}) =>
    app.request('/api/v1/webhooks/fivetran', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(secret === null ? {} : { 'X-Fivetran-Signature-256': await signFivetranBody(secret, body) }),
        ...headers,
      },
      body,
    });

  it('refuses a missing, malformed or wrong signature with 401 and queues nothing', async () => {
    const body = event();
    expect((await send(body, null)).status).toBe(401);
    expect((await send(body, 'not-the-secret')).status).toBe(401);
    expect((await send(body, null, { 'X-Fivetran-Signature-256': 'zz' })).status).toBe(401);
    // A signature over another body.
    const other = await signFivetranBody(ACCOUNT_SECRET, event());
    const res = await send(body, null, { 'X-Fivetran-Signature-256': other });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { details: { code: string }[] } }).error.details[0]!.code).toBe(
      'bad_signature',
    );
    expect(rebuilds).toEqual([]);
  });

  it('refuses malformed bodies with 400 (signed, so the shape is the problem)', async () => {
    expect((await send('{not json')).status).toBe(400);
    expect((await send(JSON.stringify({ event: 'sync_end' }))).status).toBe(400);
    expect((await send(JSON.stringify({ ...JSON.parse(event()), created: 'yesterday' }))).status).toBe(400);
    expect((await send('[]')).status).toBe(400);
    expect((await send(JSON.stringify({ ...JSON.parse(event()), connector_id: undefined }))).status).toBe(400);
    expect(rebuilds).toEqual([]);
  });

  it('accepts a successful sync_end: maps connector → tenant and rebuilds that location', async () => {
    const res = await send(event());
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'queued', tenant: 't-one' });
    await refresher.queue.idle();
    expect(rebuilds).toEqual(['loc_one']);
    expect(metrics.value('miq_dbt_runs_total', { outcome: 'succeeded' })).toBe(1);
  });

  it('refuses replays (same delivery again, too old, from the future) with 409', async () => {
    const body = event();
    expect((await send(body)).status).toBe(202);
    expect((await send(body)).status).toBe(409);
    expect((await send(event({ created: new Date(Date.now() - 26 * 3600_000).toISOString() }))).status).toBe(409);
    expect((await send(event({ created: new Date(Date.now() + 3600_000).toISOString() }))).status).toBe(409);
    await refresher.queue.idle();
  });

  it('ignores failed syncs, other events and unmapped connectors (200, nothing queued)', async () => {
    const before = rebuilds.length;
    for (const [body, reason] of [
      [event({ data: { status: 'FAILURE' } }), 'sync_failed'],
      [event({ data: { status: 'FAILURE_WITH_TASK' } }), 'sync_failed'],
      [event({ event: 'sync_start' }), 'event'],
      [event({ connector_id: 'conn_unknown', destination_group_id: 'grp_unknown' }), 'unmapped'],
    ] as const) {
      const res = await send(body);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ignored', reason });
    }
    await refresher.queue.idle();
    expect(rebuilds.length).toBe(before);
  });

  it("a group webhook's secret vouches for its own group only; group mapping works", async () => {
    const own = event({ connector_id: 'conn_x', destination_group_id: 'grp_two' });
    const res = await send(own, GROUP_SECRET);
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'queued', tenant: 't-two' });
    const foreign = event({ connector_id: 'conn_one', destination_group_id: 'grp_one' });
    expect((await send(foreign, GROUP_SECRET)).status).toBe(403);
    await refresher.queue.idle();
    expect(rebuilds.at(-1)).toBe('loc_two');
  });

  it('never runs two rebuilds of one tenant at once; triggers during a run coalesce into one', async () => {
    const before = rebuilds.length;
    maxRunning = 0;
    let open!: () => void;
    gate = new Promise((r) => {
      open = r;
    });
    const results = await Promise.all(Array.from({ length: 5 }, () => send(event())));
    expect(results.map((r) => r.status)).toEqual([202, 202, 202, 202, 202]);
    expect(refresher.queue.running()).toEqual(['t-one']);
    gate = undefined;
    open();
    await refresher.queue.idle();
    expect(maxRunning).toBe(1);
    // The first run plus one coalesced follow-up.
    expect(rebuilds.length - before).toBe(2);
  });

  it('refuses bodies over 64 KiB with 413, declared or streamed', async () => {
    const big = event({ padding: 'x'.repeat(70_000) });
    expect((await send(big)).status).toBe(413);
    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 8192) controller.enqueue(bytes.slice(i, i + 8192));
        controller.close();
      },
    });
    const res = await app.request('/api/v1/webhooks/fivetran', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'X-Fivetran-Signature-256': await signFivetranBody(ACCOUNT_SECRET, big),
      },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
  });
});
