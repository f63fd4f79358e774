import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDb } from '../app-db/app-db.js';
import { migrateAppDb } from '../app-db/migrate.js';
import { createPgliteAppDb } from '../app-db/pglite/index.js';
import { createMemoryLogger } from '../logger.js';
import { createAuditWriter } from './index.js';

describe('audit writer', () => {
  let appDb: AppDb;
  beforeAll(async () => {
    appDb = await createPgliteAppDb();
    await migrateAppDb(appDb.db);
  });
  afterAll(() => appDb?.close());
  const count = async () =>
    Number(
      (
        await appDb.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('buffers entries off the request path and writes them in batches', async () => {
    const audit = createAuditWriter({ db: appDb.db, logger: createMemoryLogger(), flushMs: 60_000, batchSize: 5 });
    for (let i = 0; i < 4; i++) audit.record({ actorKind: 'token', action: 'token.use', outcome: '200', jti: `j${i}` });
    expect(audit.pending).toBe(4);
    expect(await count()).toBe(0); // nothing written yet: record() never waits for the database
    audit.record({ actorKind: 'token', action: 'token.use', outcome: '200', jti: 'j4' }); // reaches the batch size
    await audit.flush();
    expect(await count()).toBe(5);
    await audit.close();
  });

  it('writes every field as given: timestamps to the millisecond, nulls, quotes, newlines and non-ASCII text', async () => {
    const audit = createAuditWriter({ db: appDb.db, logger: createMemoryLogger(), flushMs: 60_000 });
    const at = new Date('2026-11-25T23:59:58.123Z');
    const odd = 'Ünïcødé "quoted" \\ back\nslash ✓';
    audit.record({
      actorKind: 'partner_api_key',
      action: 'origins.set',
      outcome: 'ok',
      partnerId: 'p-"1"',
      tenantId: 't\n1',
      subject: odd,
      jti: 'j-fields',
      route: 'PUT /api/v1/admin/origins',
      dashboard: null,
      detail: { origins: ['https://a.example'], note: odd },
      at,
    });
    audit.record({ actorKind: 'token', action: 'token.use', outcome: '200', jti: 'j-nulls' });
    await audit.close();
    const rows = await appDb.db
      .selectFrom('audit_log')
      .selectAll()
      .where('jti', 'in', ['j-fields', 'j-nulls'])
      .orderBy('jti')
      .execute();
    expect(rows).toHaveLength(2);
    const [full, bare] = rows as [(typeof rows)[number], (typeof rows)[number]];
    expect(new Date(full.at as unknown as string | Date).getTime()).toBe(at.getTime());
    expect(full).toMatchObject({
      partner_id: 'p-"1"',
      tenant_id: 't\n1',
      actor_kind: 'partner_api_key',
      subject: odd,
      action: 'origins.set',
      route: 'PUT /api/v1/admin/origins',
      dashboard: null,
      outcome: 'ok',
    });
    expect(JSON.parse(full.detail as string)).toEqual({ origins: ['https://a.example'], note: odd });
    expect(bare).toMatchObject({
      partner_id: null,
      tenant_id: null,
      subject: null,
      route: null,
      dashboard: null,
      detail: null,
      actor_kind: 'token',
      outcome: '200',
    });
  });

  it('under load writes full batches only; the remainder waits for the timer or an explicit flush', async () => {
    let statements = 0;
    const db = new Proxy(appDb.db, {
      get(target, prop, receiver) {
        if (prop === 'insertInto') statements++;
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const before = await count();
    const audit = createAuditWriter({ db, logger: createMemoryLogger(), flushMs: 60_000, batchSize: 5 });
    for (let i = 0; i < 12; i++)
      audit.record({ actorKind: 'token', action: 'token.use', outcome: '200', jti: `b${i}` });
    for (let i = 0; i < 200 && audit.pending > 2; i++) await new Promise((r) => setTimeout(r, 10));
    expect(audit.pending).toBe(2);
    expect(statements).toBe(2); // two statements of five rows, not one per arrival
    expect((await count()) - before).toBe(10);
    await audit.flush();
    expect(audit.pending).toBe(0);
    expect(statements).toBe(3);
    expect((await count()) - before).toBe(12);
    await audit.close();
  });

  it('writes everything still buffered on close (clean shutdown loses nothing)', async () => {
    const before = await count();
    const audit = createAuditWriter({ db: appDb.db, logger: createMemoryLogger(), flushMs: 60_000, batchSize: 100 });
    for (let i = 0; i < 250; i++) audit.record({ actorKind: 'operator', action: 'x', outcome: 'ok', detail: { i } });
    await audit.close();
    expect(audit.pending).toBe(0);
    expect((await count()) - before).toBe(250);
  });

  it('keeps entries when the database refuses a batch, and writes them on the next flush', async () => {
    const before = await count();
    const logger = createMemoryLogger();
    let fail = true;
    // Any insert builder chain whose execute() rejects, whatever methods the writer calls on it.
    const failing: object = new Proxy(
      {},
      { get: (_t, prop) => (prop === 'execute' ? async () => Promise.reject(new Error('db down')) : () => failing) },
    );
    const db = new Proxy(appDb.db, {
      get(target, prop, receiver) {
        if (prop === 'insertInto' && fail) return () => failing;
        const value = Reflect.get(target, prop, receiver);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const audit = createAuditWriter({ db, logger, flushMs: 60_000 });
    audit.record({ actorKind: 'operator', action: 'y', outcome: 'ok' });
    await audit.flush();
    expect(audit.pending).toBe(1);
    expect(logger.entries.some((e) => e.message.startsWith('audit flush failed'))).toBe(true);
    fail = false;
    await audit.close();
    expect((await count()) - before).toBe(1);
  });

  it('rolls identical token uses waiting for the same write into one row with their count, first and last time', async () => {
    let ms = Date.parse('2026-11-25T10:00:00.000Z');
    const audit = createAuditWriter({
      db: appDb.db,
      logger: createMemoryLogger(),
      clock: () => new Date(ms),
      flushMs: 60_000,
      batchSize: 1000,
    });
    const use = { actorKind: 'token', action: 'token.use', tenantId: 'roll-t', route: 'POST /api/v1/metrics' } as const;
    // 500 uses by subject a (jti j1) and 3 by b; every fifth of a's with a dashboard; one refused; one null/'' pair.
    const expected = new Map<string, { uses: number; first: number; last: number }>();
    const add = (k: string) => {
      const e = expected.get(k);
      if (e) Object.assign(e, { uses: e.uses + 1, last: ms });
      else expected.set(k, { uses: 1, first: ms, last: ms });
    };
    for (let i = 0; i < 500; i++) {
      ms += 3;
      const dashboard = i % 5 === 0 ? 'google-ads' : null;
      audit.record({ ...use, subject: 'a', jti: 'j1', outcome: '200', dashboard });
      add(`a|j1|200|${dashboard}`);
      if (i % 100 === 0) {
        audit.record({ ...use, subject: 'b', jti: 'j2', outcome: '200' });
        add('b|j2|200|null');
      }
    }
    audit.record({ ...use, subject: 'a', jti: 'j1', outcome: 'refused:rate_limited' });
    add('a|j1|refused:rate_limited|null');
    audit.record({ ...use, subject: '', jti: 'j1', outcome: '200' });
    add('|j1|200|null');
    audit.record({ ...use, subject: null, jti: 'j1', outcome: '200' });
    add('null|j1|200|null');
    expect(audit.pending).toBe(500 + 5 + 1 + 2);
    await audit.close();
    const rows = await appDb.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', 'roll-t').execute();
    const got = new Map(
      rows.map((r) => [
        `${r.subject}|${r.jti}|${r.outcome}|${r.dashboard}`,
        {
          uses: r.uses,
          first: new Date(r.at as unknown as string).getTime(),
          last: new Date((r.last_at ?? r.at) as unknown as string).getTime(),
        },
      ]),
    );
    expect(rows).toHaveLength(expected.size);
    expect(got).toEqual(expected);
    expect(rows.reduce((n, r) => n + r.uses, 0)).toBe(508);
  });

  it('does not roll up admin actions, entries with details, or uses already taken for writing', async () => {
    const before = await count();
    const audit = createAuditWriter({ db: appDb.db, logger: createMemoryLogger(), flushMs: 60_000, batchSize: 2 });
    for (let i = 0; i < 3; i++) audit.record({ actorKind: 'operator', action: 'same', outcome: 'ok' });
    for (let i = 0; i < 2; i++) audit.record({ actorKind: 'token', action: 'x', outcome: 'ok', detail: { i: 1 } });
    await audit.flush();
    // Five rows went out in batches of two; a use recorded after its row was written starts a new row.
    audit.record({ actorKind: 'token', action: 'token.use', outcome: '200', jti: 'late' });
    await audit.flush();
    audit.record({ actorKind: 'token', action: 'token.use', outcome: '200', jti: 'late' });
    await audit.close();
    expect((await count()) - before).toBe(7);
  });
});
