/**
 * DuckDB warehouse (embedded default): one in-memory instance per process with `threads` and `memory_limit` capped;
 * each tenant's `<dataDir>/<location>/marts.duckdb` is attached READ_ONLY on first use under its location's name,
 * which the compiled SQL qualifies every table with. An aborted signal interrupts the running query.
 *
 * @example
 * const warehouse = await createDuckDbWarehouse({ dataDir: '/srv/miq/data/demo', memoryLimit: '1GB', threads: 2 });
 */
import { join } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';
import { MiqError } from '../../errors/index.js';
import { WAREHOUSE_LOCATION_PATTERN } from '../../semantic/scope.js';
import type { CompiledQuery, Warehouse } from '../types.js';

export interface DuckDbWarehouseOptions {
  readonly dataDir: string;
  readonly memoryLimit?: string;
  readonly threads?: number;
  /** File name inside each tenant's directory. */
  readonly fileName?: string;
}

const quoteLiteral = (s: string): string => `'${s.replaceAll("'", "''")}'`;
const quoteIdent = (s: string): string => `"${s.replaceAll('"', '""')}"`;

export async function createDuckDbWarehouse(o: DuckDbWarehouseOptions): Promise<Warehouse> {
  const instance = await DuckDBInstance.create(':memory:', {
    threads: String(o.threads ?? 2),
    memory_limit: o.memoryLimit ?? '1GB',
    // Tenant files are attached explicitly; nothing else on disk is reachable from SQL.
    enable_external_access: 'true',
  });
  const idle: DuckDBConnection[] = [];
  const attached = new Map<string, Promise<void>>();
  let closed = false;

  async function connection(): Promise<DuckDBConnection> {
    return idle.pop() ?? instance.connect();
  }
  function release(c: DuckDBConnection): void {
    if (closed || idle.length >= 8) c.closeSync();
    else idle.push(c);
  }

  function attach(location: string): Promise<void> {
    let p = attached.get(location);
    if (!p) {
      p = (async () => {
        const c = await connection();
        try {
          const file = join(o.dataDir, location, o.fileName ?? 'marts.duckdb');
          await c.run(`ATTACH ${quoteLiteral(file)} AS ${quoteIdent(location)} (READ_ONLY)`);
        } finally {
          release(c);
        }
      })();
      attached.set(location, p);
      p.catch(() => attached.delete(location));
    }
    return p;
  }

  async function execute(
    q: CompiledQuery,
    opts: { scope: { warehouseLocation: string }; signal?: AbortSignal },
  ): Promise<Record<string, unknown>[]> {
    if (closed) throw new MiqError('warehouse_unavailable', { internal: 'warehouse closed' });
    const location = opts.scope.warehouseLocation;
    if (q.location !== location || !WAREHOUSE_LOCATION_PATTERN.test(location)) {
      throw new MiqError('internal', { internal: { reason: 'query location does not match the scope', location } });
    }
    if (opts.signal?.aborted) throw new MiqError('client_closed');
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
      const reader = await c.runAndReadAll(q.sql, q.parameters as DuckDBValue[]);
      return reader.getRowObjectsJS() as Record<string, unknown>[];
    } catch (e) {
      if (opts.signal?.aborted) throw new MiqError('client_closed', { internal: String(e) });
      throw new MiqError('internal', { internal: { sql: q.sql, error: String(e) } });
    } finally {
      opts.signal?.removeEventListener('abort', onAbort);
      release(c);
    }
  }

  async function close(): Promise<void> {
    closed = true;
    for (const c of idle.splice(0)) c.closeSync();
    instance.closeSync();
  }

  return { dialect: 'duckdb', execute, close };
}
