/**
 * Acceptance 3: the refresh loop end to end on the embedded DuckDB default while the API serves, on a private copy of
 * the test warehouse. The generator appends a day to rare-seeds; a badly signed webhook changes nothing; a signed
 * one queues dbt, which builds `marts-1.duckdb` while requests keep reading `marts.duckdb`; the API swaps its read-only
 * attachment; the next request shows the new day with the clicks plain SQL over `raw.duckdb` gives; nordic-knits'
 * entries stay cached. Expected numbers come from the raw Fivetran tables, never from the API.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheDay } from '../cache/keys.js';
import { createLruStore } from '../cache/lru/lru-store.js';
import { type CacheWorld, copyWarehouse, createCacheWorld } from '../cache/testing.js';
import { createMemoryLogger } from '../logger.js';
import { createDbtRebuilder, type DbtRebuilder } from '../warehouse/duckdb/versioned-marts.js';
import { signFivetranBody } from './fivetran.js';
import type { Refresher } from './refresher.js';
import { createRefresher } from './refresher.js';

const REPO = resolve(import.meta.dirname, '../../..');
const SECRET = 'whsec-refresh-loop-test';
const run = promisify(execFile);

/** Google + Meta clicks per day over the last `days` days of the raw Google Ads stats (restated days included). */
async function rawClicksByDay(dir: string, tenant: string, days: number): Promise<Map<string, number>> {
  const instance = await DuckDBInstance.create(join(dir, tenant, 'raw.duckdb'), {
    access_mode: 'READ_ONLY',
    threads: '1',
  });
  const c = await instance.connect();
  try {
    const r = await c.runAndReadAll(`
      with d as (select max(date) - ${days - 1} as first, max(date) as last from google_ads.campaign_stats),
      clicks as (
        select date, clicks from google_ads.campaign_stats
        union all
        select date, inline_link_clicks from facebook_ads.ad_device_report
      )
      select cast(date as varchar) as day, sum(clicks) as clicks from clicks, d
      where date between d.first and d.last group by 1`);
    return new Map(r.getRowObjectsJS().map((row) => [String(row.day), Number(row.clicks)]));
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

/** The last day of the raw Google Ads stats and its Google + Meta clicks. */
async function rawClicksOn(dir: string, tenant: string): Promise<{ last: string; clicks: number }> {
  const [[last, clicks]] = [...(await rawClicksByDay(dir, tenant, 1))] as [[string, number]];
  return { last, clicks };
}

/**
 * Waits until no tenant's cache day can switch in the next `marginMs`. Cache keys hold the tenant-local day, which
 * switches at 06:00 local (keys.ts; keys.test.ts checks the switch): an entry written before it misses after it. This
 * test checks which entries the rebuild's generations move on, so it must not run across a switch (it did once at
 * 05:00 UTC, 06:00 in Stockholm: nordic-knits' entry missed).
 */
async function awayFromCacheDaySwitch(tenantIds: readonly string[], marginMs = 5 * 60_000): Promise<void> {
  const tenants = JSON.parse(readFileSync(join(REPO, 'dbt/generator/tenants.json'), 'utf8')) as {
    tenants: { id: string; time_zone: string }[];
  };
  const zones = tenants.tenants.filter((t) => tenantIds.includes(t.id)).map((t) => t.time_zone);
  expect(zones).toHaveLength(tenantIds.length);
  for (;;) {
    const now = Date.now();
    if (zones.every((tz) => cacheDay(tz, new Date(now)) === cacheDay(tz, new Date(now + marginMs)))) return;
    await new Promise((r) => setTimeout(r, 5_000));
  }
}

function event(over: Record<string, unknown> = {}) {
  return JSON.stringify({
    event: 'sync_end',
    created: new Date().toISOString(),
    connector_type: 'google_ads',
    connector_id: 'rare_google_ads',
    connector_name: 'google_ads',
    sync_id: crypto.randomUUID(),
    destination_group_id: 'group_rare',
    data: { status: 'SUCCESSFUL' },
    ...over,
  });
}

describe('refresh loop on the embedded warehouse', () => {
  let dir: string;
  let w: CacheWorld;
  let refresher: Refresher;
  let rebuilder: DbtRebuilder | undefined;
  const rebuilds: Record<string, unknown>[] = [];

  beforeAll(async () => {
    dir = copyWarehouse(['rare-seeds', 'nordic-knits']);
    w = await createCacheWorld({
      store: createLruStore(),
      dir,
      refresh: ({ warehouse, cache, metrics }) => {
        rebuilder = createDbtRebuilder({
          dataDir: dir,
          repoRoot: REPO,
          warehouse,
          log: (message, fields) => rebuilds.push({ message, ...fields }),
        });
        refresher = createRefresher({
          rebuild: rebuilder,
          cache,
          metrics,
          logger: createMemoryLogger(),
        });
        return { refresher, secrets: { account: SECRET }, replayStore: createLruStore(), metrics };
      },
    });
    await w.appDb.db
      .insertInto('tenant_connectors')
      .values([
        { external_id: 'rare_google_ads', kind: 'connector', tenant_id: 'rare-seeds' },
        { external_id: 'group_nordic', kind: 'group', tenant_id: 'nordic-knits' },
      ])
      .execute();
  }, 180_000);
  afterAll(async () => {
    await rebuilder?.close();
    await w?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const webhook = (body: string, signature: string) =>
    w.app.request('/api/v1/webhooks/fivetran', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Fivetran-Signature-256': signature },
      body,
    });

  it('appends a day, rebuilds on a signed webhook while serving, and the next request shows it', async () => {
    await awayFromCacheDaySwitch(['rare-seeds', 'nordic-knits']);
    const before = await rawClicksOn(dir, 'rare-seeds');
    const rare = await w.token('rare-seeds');
    const nordic = await w.token('nordic-knits');
    const end = new Date(`${before.last}T00:00:00Z`);
    end.setUTCDate(end.getUTCDate() + 3);
    const daily = {
      measures: ['ads.clicks'],
      timeDimension: {
        dimension: 'date.day',
        granularity: 'day',
        dateRange: ['2026-01-01', end.toISOString().slice(0, 10)],
      },
      order: [['date.day', 'desc']],
      limit: 1,
    };
    type Res = { rows: Record<string, unknown>[]; meta: { cache: { status: string } } };
    const ask = async (token: string, body: unknown): Promise<Res> => {
      const res = await w.post('/api/v1/metrics', token, body);
      expect(res.status).toBe(200);
      return (await res.json()) as Res;
    };
    const first = await ask(rare, daily);
    expect(first.rows[0]!['date.day']).toBe(before.last);
    expect(first.meta.cache.status).toBe('miss');
    const dashboard = async () => {
      const r = await w.post('/api/v1/metrics/batch', rare, { dashboard: 'overview', queries: [daily] });
      expect(r.status).toBe(200);
      return (await r.json()) as { results: Res[]; meta: { cache: { status: string } } };
    };
    const board = await dashboard();
    expect([board.meta.cache.status, board.results[0]!.rows[0]!['date.day']]).toEqual(['miss', before.last]);
    const other = await ask(nordic, { measures: ['ads.spend'], dimensions: ['platform.code'] });
    expect(other.meta.cache.status).toBe('miss');

    // The generator appends a day (raw.duckdb only; the API does not read it).
    await run(
      join(REPO, '.venv/bin/python'),
      ['-m', 'miqgen', 'append-day', '--out', dir, '--tenant', 'rare-seeds', '--quiet'],
      {
        cwd: REPO,
        env: { ...process.env, PYTHONPATH: join(REPO, 'dbt/generator') },
      },
    );
    const after = await rawClicksOn(dir, 'rare-seeds');
    expect(after.last > before.last).toBe(true);

    // A badly signed webhook changes nothing.
    const forged = event();
    expect((await webhook(forged, (await signFivetranBody('wrong-secret', forged)).slice(0))).status).toBe(401);
    expect(refresher.queue.running()).toEqual([]);
    expect((await ask(rare, daily)).meta.cache.status).toBe('hit');
    expect((await dashboard()).meta.cache.status).toBe('hit');

    // A signed one queues the rebuild; requests keep being served (misses read the old marts) meanwhile.
    const body = event();
    const res = await webhook(body, await signFivetranBody(SECRET, body));
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ status: 'queued', tenant: 'rare-seeds' });
    expect(refresher.queue.running()).toEqual(['rare-seeds']);
    let served = 0;
    const failures: string[] = [];
    for (let i = 1; refresher.queue.running().length > 0 && i < 10_000; i++) {
      const r = await w.post('/api/v1/metrics', rare, { ...daily, limit: 1 + (i % 50), offset: i });
      if (r.status === 200) served++;
      else failures.push(`${r.status} ${await r.text()}`);
      await new Promise((r2) => setTimeout(r2, 200));
    }
    await refresher.queue.idle();
    expect(failures).toEqual([]);
    expect(served).toBeGreaterThan(0);
    expect(readFileSync(join(dir, 'rare-seeds', 'current'), 'utf8').trim()).toBe('marts-1.duckdb');
    expect(w.warehouse.attachedFile('rare-seeds')).toBe('marts-1.duckdb');

    // The next request misses (the generation moved on) and shows the new day with the raw clicks.
    const fresh = await ask(rare, daily);
    expect(fresh.meta.cache.status).toBe('miss');
    expect(fresh.rows[0]!['date.day']).toBe(after.last);
    expect(fresh.rows[0]!['ads.clicks']).toBe(after.clicks);
    // The rebuild was incremental (a copy of the live marts, the lookback re-read), yet the restated days before the
    // new one carry the raw tables' restated clicks too.
    expect(rebuilds.filter((r) => r.message === 'marts rebuilt').map((r) => r.mode)).toEqual(['incremental']);
    // dbt ran in the warm worker: `build`, which parsed the project (its first run), and succeeded.
    expect(rebuilds.filter((r) => r.message === 'dbt worker run').map((r) => [r.command, r.parsed, r.success])).toEqual(
      [['build', true, true]],
    );
    const rawDays = await rawClicksByDay(dir, 'rare-seeds', 5);
    const lastFive = await ask(rare, { ...daily, limit: 5 });
    expect(new Map(lastFive.rows.map((r) => [r['date.day'] as string, r['ads.clicks'] as number]))).toEqual(rawDays);
    // So does the next dashboard request (its generation moved on too).
    const board2 = await dashboard();
    expect([board2.meta.cache.status, board2.results[0]!.rows[0]!['date.day']]).toEqual(['miss', after.last]);
    // The other tenant's entry stayed cached.
    expect((await ask(nordic, { measures: ['ads.spend'], dimensions: ['platform.code'] })).meta.cache.status).toBe(
      'hit',
    );

    // The same delivery again is a replay; a failed sync is acknowledged and ignored.
    expect((await webhook(body, await signFivetranBody(SECRET, body))).status).toBe(409);
    const failed = event({ data: { status: 'FAILURE_WITH_TASK' } });
    const ignored = await webhook(failed, await signFivetranBody(SECRET, failed));
    expect(ignored.status).toBe(200);
    expect(await ignored.json()).toEqual({ status: 'ignored', reason: 'sync_failed' });
    expect(refresher.queue.running()).toEqual([]);
    expect(existsSync(join(dir, 'rare-seeds', 'marts-2.duckdb'))).toBe(false);
  }, 600_000);
});
