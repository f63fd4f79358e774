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
});
