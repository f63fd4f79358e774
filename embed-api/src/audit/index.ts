/**
 * The audit log: token use (partner, tenant, subject, `jti`, route, dashboard, outcome) and every admin action.
 * Entries are buffered in memory and written in batches by a timer, off the request's hot path; `close()` (called on a
 * clean shutdown) writes everything still buffered. `detail` is JSON text and never holds secrets. Identical token
 * uses waiting for the same write are one row with a count (`uses`, first `at`, `last_at`): at thousands of requests
 * per second from one embedded dashboard, a row per request cost the API more CPU than answering from the cache.
 *
 * @example
 * const audit = createAuditWriter({ db, logger, flushMs: 1000, batchSize: 200 });
 * audit.record({ actorKind: 'token', action: 'metrics.query', outcome: 'ok', partnerId, tenantId, jti });
 * await audit.close();
 */
import { type Kysely, sql } from 'kysely';
import type { AppDatabase, NewAuditEntry } from '../app-db/schema.js';
import type { Logger } from '../logger.js';

export interface AuditEntry {
  readonly actorKind: 'token' | 'partner_api_key' | 'operator';
  readonly action: string;
  readonly outcome: string;
  readonly partnerId?: string | null;
  readonly tenantId?: string | null;
  readonly subject?: string | null;
  readonly jti?: string | null;
  readonly route?: string | null;
  readonly dashboard?: string | null;
  readonly detail?: Readonly<Record<string, unknown>> | null;
  readonly at?: Date;
}

export interface AuditWriter {
  /** Buffers one entry; never blocks and never throws. */
  record(entry: AuditEntry): void;
  /** Writes everything buffered so far. */
  flush(): Promise<void>;
  /** Stops the timer and writes everything still buffered. */
  close(): Promise<void>;
  /** Uses waiting to be written (a rolled-up row counts its uses). */
  readonly pending: number;
}

export interface AuditWriterOptions {
  readonly db: Kysely<AppDatabase>;
  readonly logger: Logger;
  readonly clock?: () => Date;
  readonly flushMs?: number;
  readonly batchSize?: number;
  /** Above this many waiting rows the oldest are dropped (and the drop is logged) rather than exhausting memory. */
  readonly maxBuffered?: number;
  /**
   * Roll identical token uses up into one row while it waits to be written (default true): `uses` counts them, `at`
   * is the first and `last_at` the last. Admin actions, entries with `detail` or an explicit `at` are never rolled up.
   */
  readonly rollup?: boolean;
}

const clip = (value: string | null | undefined, max: number) => (value == null ? null : value.slice(0, max));

function toRow(entry: AuditEntry, at: Date): NewAuditEntry {
  return {
    at: entry.at ?? at,
    partner_id: clip(entry.partnerId, 128),
    tenant_id: clip(entry.tenantId, 128),
    actor_kind: entry.actorKind,
    subject: clip(entry.subject, 256),
    jti: clip(entry.jti, 256),
    action: entry.action.slice(0, 128),
    route: clip(entry.route, 256),
    dashboard: clip(entry.dashboard, 128),
    outcome: entry.outcome.slice(0, 64),
    detail: entry.detail == null ? null : JSON.stringify(entry.detail).slice(0, 4000),
    uses: 1,
    last_at: null,
  };
}

const COLUMNS = [
  'at',
  'partner_id',
  'tenant_id',
  'actor_kind',
  'subject',
  'jti',
  'action',
  'route',
  'dashboard',
  'outcome',
  'detail',
  'uses',
  'last_at',
] as const satisfies readonly (keyof NewAuditEntry)[];

/**
 * One batch as one statement with one parameter: the rows as JSON, expanded by `json_populate_recordset`. A
 * multi-row `VALUES` list of 200 rows × 11 parameters cost more CPU to build and bind in the API process than the
 * requests it audits (~6 % of a warm-hit benchmark's server time); one JSON text is serialized natively.
 */
function insertBatch(db: Kysely<AppDatabase>, batch: readonly NewAuditEntry[]) {
  const rows = sql<NewAuditEntry>`json_populate_recordset(null::audit_log, ${JSON.stringify(batch)}::json)`;
  return db
    .insertInto('audit_log')
    .columns(COLUMNS)
    .expression(db.selectFrom(rows.as('r')).select(COLUMNS))
    .execute();
}

/** A buffered row; a rolled-up token use also counts its repeats until the row is taken for writing. */
interface Pending {
  readonly row: NewAuditEntry;
  /** Roll-up key (token uses only), removed from the open index when the row is taken. */
  readonly key: string | undefined;
  uses: number;
  lastMs: number;
}

/** Identical token uses share a row while it waits: everything but the time is the key. */
function rollupKey(e: AuditEntry): string | undefined {
  if (e.actorKind !== 'token' || e.detail != null || e.at !== undefined) return undefined;
  return `${e.action}\u0000${e.outcome}\u0000${e.partnerId ?? ''}\u0000${e.tenantId ?? ''}\u0000${e.subject ?? ''}\u0000${e.jti ?? ''}\u0000${e.route ?? ''}\u0000${e.dashboard ?? ''}\u0000${e.partnerId == null ? 0 : 1}${e.tenantId == null ? 0 : 1}${e.subject == null ? 0 : 1}${e.jti == null ? 0 : 1}${e.route == null ? 0 : 1}${e.dashboard == null ? 0 : 1}`;
}

export function createAuditWriter(options: AuditWriterOptions): AuditWriter {
  const { db, logger } = options;
  const clock = options.clock ?? (() => new Date());
  const batchSize = options.batchSize ?? 200;
  const maxBuffered = options.maxBuffered ?? 50_000;
  const rollup = options.rollup ?? true;
  let buffer: Pending[] = [];
  /** Rows still open to repeats (not yet taken for writing), by roll-up key. */
  const open = new Map<string, Pending>();
  let writing: Promise<void> = Promise.resolve();
  let closed = false;
  let autoFlushing = false;

  /** Closes a batch's rows to further repeats and fixes their counts (the JSON is made from these objects). */
  const take = (pending: readonly Pending[]): NewAuditEntry[] =>
    pending.map((p) => {
      if (p.key !== undefined && open.get(p.key) === p) open.delete(p.key);
      return p.uses === 1 ? p.row : { ...p.row, uses: p.uses, last_at: new Date(p.lastMs) };
    });

  /** Writes batches while entries wait; `fullOnly`: only full batches (the rest waits for the timer or a flush). */
  const writeOnce = async (fullOnly = false) => {
    while (fullOnly ? buffer.length >= batchSize : buffer.length > 0) {
      const pending = buffer.slice(0, batchSize);
      try {
        await insertBatch(db, take(pending));
        buffer = buffer.slice(pending.length);
      } catch (error) {
        logger.warn('audit flush failed; entries kept for the next attempt', { error, pending: buffer.length });
        return;
      }
    }
  };
  const flush = () => {
    writing = writing.then(() => writeOnce());
    return writing;
  };
  /**
   * Under load: full batches only, one writer at a time. Writing whatever had arrived whenever the previous write
   * returned made statements of ~30 rows at 10 000 requests/s — each statement's fixed cost (compile, protocol,
   * round trip) then dominated (~15 µs of the API's CPU per request in the warm-hit benchmark).
   */
  const flushFull = () => {
    writing = writing.then(() => writeOnce(true));
    return writing;
  };

  const timer = setInterval(() => {
    if (buffer.length > 0) void flush();
  }, options.flushMs ?? 1000);
  (timer as { unref?: () => void }).unref?.();

  return {
    record(entry) {
      if (closed) logger.warn('audit entry after close', { action: entry.action });
      const at = clock();
      const key = rollup ? rollupKey(entry) : undefined;
      if (key !== undefined) {
        const same = open.get(key);
        if (same !== undefined) {
          same.uses++;
          same.lastMs = at.getTime();
          return;
        }
      }
      const pending: Pending = { row: toRow(entry, at), key, uses: 1, lastMs: at.getTime() };
      if (key !== undefined) open.set(key, pending);
      buffer.push(pending);
      if (buffer.length > maxBuffered) {
        const dropped = buffer.length - maxBuffered;
        take(buffer.slice(0, dropped));
        buffer = buffer.slice(dropped);
        logger.error('audit buffer full; oldest entries dropped', { dropped });
      }
      // One write at a time from here: it keeps taking full batches while they fill. (Calling flush() for every
      // entry past the batch size while a write was in flight chained one write per request, mostly of a few rows.)
      if (buffer.length >= batchSize && !autoFlushing) {
        autoFlushing = true;
        void flushFull().finally(() => {
          autoFlushing = false;
        });
      }
    },
    flush,
    async close() {
      closed = true;
      clearInterval(timer);
      await flush();
    },
    get pending() {
      return buffer.reduce((n, p) => n + p.uses, 0);
    },
  };
}
