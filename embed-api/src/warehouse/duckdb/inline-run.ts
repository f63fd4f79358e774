/**
 * Runs one statement with the event-loop thread taking part in the work, instead of handing the whole query to the
 * libuv pool as `connection.runAndReadAll` does.
 *
 * `runAndReadAll` makes five or more round trips to the pool per query (extract statements, prepare, execute, one
 * fetch per chunk, and an empty fetch), and the event-loop thread sleeps through each. A dashboard query on the
 * embedded warehouse takes 2-5 ms, so those hand-offs are a visible part of it; and JavaScript that runs right after
 * the thread slept (shaping the answer, writing the response) ran 2-3 times slower than the same code run without a
 * pause (measured on this 2-core machine, see embed-api/README.md).
 *
 * Here: prepare (one round trip), then the query's pipeline tasks run on this thread for at most `budgetMs`, with
 * DuckDB's own worker threads taking tasks beside it, and the materialized result's chunks are read synchronously.
 * A query still unfinished after the budget completes on the pool as before, so a long query blocks the event loop
 * for `budgetMs` at most. `budgetMs` 0 runs everything on the pool.
 *
 * @example
 * const reader = await runAndReadInline(connection, 'select 42 as n', [], 2);
 */
import {
  type DuckDBConnection,
  DuckDBMaterializedResult,
  DuckDBPendingResultState,
  type DuckDBPreparedStatement,
  type DuckDBResult,
  DuckDBResultReader,
  type DuckDBValue,
} from '@duckdb/node-api';

export async function runAndReadInline(
  c: DuckDBConnection,
  sql: string,
  parameters: readonly DuckDBValue[],
  budgetMs: number,
  statements?: PreparedCache,
): Promise<DuckDBResultReader> {
  const cached = statements?.take(sql);
  const prepared = cached ?? (await c.prepare(sql));
  let keep = statements !== undefined;
  try {
    if (parameters.length > 0) prepared.bind([...parameters]);
    else if (cached) prepared.clearBindings();
    const pending = prepared.start();
    if (budgetMs > 0) {
      const deadline = performance.now() + budgetMs;
      // NO_TASKS_AVAILABLE: the remaining tasks are on DuckDB's worker threads; keep asking until they are done.
      while (pending.runTask() !== DuckDBPendingResultState.RESULT_READY && performance.now() < deadline) {}
    }
    return await readAll(await pending.getResult());
  } catch (e) {
    keep = false;
    throw e;
  } finally {
    if (keep) statements?.put(sql, prepared);
    else prepared.destroySync();
  }
}

/**
 * One connection's prepared statements by SQL text, the most recently used `capacity` kept: a dashboard sends the
 * same compiled statements again and again, and DuckDB's parse and plan is ~0.5 ms of a 2-5 ms query. A statement is
 * taken out while it runs (a connection runs one at a time anyway).
 */
export class PreparedCache {
  readonly #byText = new Map<string, DuckDBPreparedStatement>();
  constructor(readonly capacity = 64) {}
  take(sql: string): DuckDBPreparedStatement | undefined {
    const p = this.#byText.get(sql);
    if (p) this.#byText.delete(sql);
    return p;
  }
  put(sql: string, p: DuckDBPreparedStatement): void {
    this.#byText.get(sql)?.destroySync();
    this.#byText.set(sql, p);
    for (const [oldest, q] of this.#byText) {
      if (this.#byText.size <= this.capacity) break;
      this.#byText.delete(oldest);
      q.destroySync();
    }
  }
  clear(): void {
    for (const p of this.#byText.values()) p.destroySync();
    this.#byText.clear();
  }
}

/** All rows of a result; a materialized result's chunks are already in memory and are taken without the pool. */
async function readAll(result: DuckDBResult): Promise<DuckDBResultReader> {
  if (result instanceof DuckDBMaterializedResult) {
    const count = result.chunkCount;
    let next = 0;
    result.fetchChunk = () => Promise.resolve(next < count ? result.getChunk(next++) : null);
  }
  const reader = new DuckDBResultReader(result);
  await reader.readAll();
  return reader;
}
