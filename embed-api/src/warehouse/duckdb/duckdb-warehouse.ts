/**
 * DuckDB warehouse (embedded default): one in-memory instance per process with `threads` and `memory_limit` capped;
 * each tenant's marts file is attached READ_ONLY on first use under its location's name, which the compiled SQL
 * qualifies every table with. An aborted signal interrupts the running query.
 *
 * Versioned marts (the refresh loop): the file is `<dataDir>/<location>/<current>` where `current` names the live
 * version (`marts-<n>.duckdb`, written by `versioned-marts.ts` after dbt built it), or `marts.duckdb` without that
 * pointer. `reattach(location)` swaps to the version the pointer names: new queries wait, running ones finish, the
 * old file is detached and the new one attached read-only (DuckDB allows one writer or many readers per file, so dbt
 * always writes a file nobody reads).
 *
 * @example
 * const warehouse = await createDuckDbWarehouse({ dataDir: '/srv/miq/data/demo', memoryLimit: '1GB', threads: 2 });
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { MiqError } from '../../errors/index.js';
import { WAREHOUSE_LOCATION_PATTERN } from '../../semantic/scope.js';
import type { ColumnarResult, CompiledQuery, Warehouse } from '../types.js';
import { PreparedCache, runAndReadInline } from './inline-run.js';

export interface DuckDbWarehouseOptions {
  readonly dataDir: string;
  readonly memoryLimit?: string;
  readonly threads?: number;
  /** File name inside each tenant's directory. */
  readonly fileName?: string;
  /**
   * Milliseconds of each query's work done on the event-loop thread before the rest goes to the libuv pool
   * (`inline-run.ts`; default 2, 0 = all on the pool).
   */
  readonly inlineMs?: number;
  /** Prepared statements kept per pooled connection, by SQL text (default 64; 0 = prepare every time). */
  readonly preparedStatements?: number;
}

const quoteLiteral = (s: string): string => `'${s.replaceAll("'", "''")}'`;
const quoteIdent = (s: string): string => `"${s.replaceAll('"', '""')}"`;

/** A marts file name the `current` pointer may name. */
export const MARTS_FILE_PATTERN = /^marts(-\d{1,9})?\.duckdb$/;

/**
 * The marts file of a location: what `<dataDir>/<location>/current` names, else `fallback`. A `fallback` file newer
 * than the pointer wins: `scripts/warehouse.sh` rebuilt the warehouse from scratch after the last refresh.
 */
export async function currentMartsFile(dataDir: string, location: string, fallback = 'marts.duckdb'): Promise<string> {
  let name: string;
  const pointer = join(dataDir, location, 'current');
  try {
    name = (await readFile(pointer, 'utf8')).trim();
  } catch {
    return fallback;
  }
  if (!MARTS_FILE_PATTERN.test(name)) throw new Error(`invalid marts pointer "${name}" for ${location}`);
  const [pointed, base] = await Promise.all([
    stat(pointer).catch(() => undefined),
    stat(join(dataDir, location, fallback)).catch(() => undefined),
  ]);
  if (pointed && base && base.mtimeMs > pointed.mtimeMs) return fallback;
  return name;
}

export interface DuckDbWarehouse extends Warehouse {
  /** Attaches the version `current` names (after a rebuild) in place of the attached one; resolves to its file name. */
  reattach(location: string): Promise<string>;
  /** The attached file name of a location, if attached. */
  attachedFile(location: string): string | undefined;
}

export async function createDuckDbWarehouse(o: DuckDbWarehouseOptions): Promise<DuckDbWarehouse> {
  const instance = await DuckDBInstance.create(':memory:', {
    threads: String(o.threads ?? 2),
    memory_limit: o.memoryLimit ?? '1GB',
    // Tenant files are attached explicitly; nothing else on disk is reachable from SQL.
    enable_external_access: 'true',
  });
  const idle: DuckDBConnection[] = [];
  /** Each pooled connection's prepared statements (dropped with the connection, cleared when marts are swapped). */
  const statements = new WeakMap<DuckDBConnection, PreparedCache>();
  const cacheStatements = o.preparedStatements ?? 64;
  const attached = new Map<string, Promise<void>>();
  const files = new Map<string, string>();
  /** Queries running per location, and a swap in progress (new queries wait for it). */
  const running = new Map<string, number>();
  const drained = new Map<string, Array<() => void>>();
  const swaps = new Map<string, Promise<string>>();
  let closed = false;

  async function enter(location: string): Promise<void> {
    for (let swap = swaps.get(location); swap; swap = swaps.get(location)) await swap.catch(() => undefined);
    running.set(location, (running.get(location) ?? 0) + 1);
  }
  function leave(location: string): void {
    const n = (running.get(location) ?? 1) - 1;
    running.set(location, n);
    if (n === 0) for (const wake of drained.get(location)?.splice(0) ?? []) wake();
  }
  function idleOf(location: string): Promise<void> {
    if ((running.get(location) ?? 0) === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const list = drained.get(location) ?? [];
      list.push(resolve);
      drained.set(location, list);
    });
  }

  async function connection(): Promise<DuckDBConnection> {
    return idle.pop() ?? instance.connect();
  }
  function release(c: DuckDBConnection): void {
    if (closed || idle.length >= 8) {
      statements.get(c)?.clear();
      c.closeSync();
    } else idle.push(c);
  }
  function statementsOf(c: DuckDBConnection): PreparedCache | undefined {
    if (cacheStatements <= 0) return undefined;
    const known = statements.get(c);
    if (known) return known;
    const made = new PreparedCache(cacheStatements);
    statements.set(c, made);
    return made;
  }

  function attach(location: string): Promise<void> {
    let p = attached.get(location);
    if (!p) {
      p = (async () => {
        const c = await connection();
        try {
          const name = await currentMartsFile(o.dataDir, location, o.fileName ?? 'marts.duckdb');
          await c.run(`ATTACH ${quoteLiteral(join(o.dataDir, location, name))} AS ${quoteIdent(location)} (READ_ONLY)`);
          files.set(location, name);
        } finally {
          release(c);
        }
      })();
      attached.set(location, p);
      p.catch(() => attached.delete(location));
    }
    return p;
  }

  const inlineMs = o.inlineMs ?? 2;
  type Read<T> = (reader: Awaited<ReturnType<DuckDBConnection['runAndReadAll']>>) => T;
  const asRows: Read<Record<string, unknown>[]> = (reader) => reader.getRowObjectsJS() as Record<string, unknown>[];
  const asColumns: Read<ColumnarResult> = (reader) => ({
    names: reader.columnNames(),
    columns: reader.getColumns(),
    rowCount: reader.currentRowCount,
  });

  function execute(
    q: CompiledQuery,
    opts: { scope: { warehouseLocation: string }; signal?: AbortSignal },
  ): Promise<Record<string, unknown>[]> {
    return run(q, opts, asRows);
  }
  function executeColumns(
    q: CompiledQuery,
    opts: { scope: { warehouseLocation: string }; signal?: AbortSignal },
  ): Promise<ColumnarResult> {
    return run(q, opts, asColumns);
  }

  async function run<T>(
    q: CompiledQuery,
    opts: { scope: { warehouseLocation: string }; signal?: AbortSignal },
    read: Read<T>,
  ): Promise<T> {
    if (closed) throw new MiqError('warehouse_unavailable', { internal: 'warehouse closed' });
    const location = opts.scope.warehouseLocation;
    if (q.location !== location || !WAREHOUSE_LOCATION_PATTERN.test(location)) {
      throw new MiqError('internal', { internal: { reason: 'query location does not match the scope', location } });
    }
    if (opts.signal?.aborted) throw new MiqError('client_closed');
    await enter(location);
    try {
      return await executeEntered(q, location, opts.signal, read);
    } finally {
      leave(location);
    }
  }

  async function executeEntered<T>(
    q: CompiledQuery,
    location: string,
    signal: AbortSignal | undefined,
    read: Read<T>,
  ): Promise<T> {
    const opts = { signal };
    try {
      await attach(location);
    } catch (e) {
      throw new MiqError('warehouse_unavailable', {
        internal: { reason: 'attach failed', location, error: String(e) },
      });
    }
    const c = await connection();
    const onAbort = (): void => c.interrupt();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      return read(await runAndReadInline(c, q.sql, q.parameters as DuckDBValue[], inlineMs, statementsOf(c)));
    } catch (e) {
      if (opts.signal?.aborted) throw new MiqError('client_closed', { internal: String(e) });
      throw new MiqError('internal', { internal: { sql: q.sql, error: String(e) } });
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
      release(c);
    }
  }

  function reattach(location: string): Promise<string> {
    if (!WAREHOUSE_LOCATION_PATTERN.test(location)) return Promise.reject(new Error(`invalid location ${location}`));
    const previous = swaps.get(location) ?? Promise.resolve('');
    const swap = previous
      .catch(() => '')
      .then(async () => {
        await idleOf(location);
        const name = await currentMartsFile(o.dataDir, location, o.fileName ?? 'marts.duckdb');
        const c = await connection();
        try {
          // Statements planned against the old file go (no query runs now: the swap waited for them to finish).
          for (const pooled of [c, ...idle]) statements.get(pooled)?.clear();
          const was = attached.get(location);
          if (was) {
            await was.catch(() => undefined);
            await c.run(`DETACH DATABASE IF EXISTS ${quoteIdent(location)}`);
            attached.delete(location);
            files.delete(location);
          }
          await c.run(`ATTACH ${quoteLiteral(join(o.dataDir, location, name))} AS ${quoteIdent(location)} (READ_ONLY)`);
          attached.set(location, Promise.resolve());
          files.set(location, name);
          return name;
        } finally {
          release(c);
        }
      });
    swaps.set(location, swap);
    swap
      .finally(() => {
        if (swaps.get(location) === swap) swaps.delete(location);
      })
      .catch(() => undefined);
    return swap;
  }

  async function close(): Promise<void> {
    closed = true;
    for (const c of idle.splice(0)) {
      statements.get(c)?.clear();
      c.closeSync();
    }
    instance.closeSync();
  }

  return {
    dialect: 'duckdb',
    execute,
    executeColumns,
    close,
    reattach,
    attachedFile: (location) => files.get(location),
  };
}
