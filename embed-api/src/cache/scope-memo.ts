/**
 * A memo of per-request work (normalizing, compiling) keyed by the scope object and the request body's JSON text, and
 * valid for one minute of the request's clock. Why that is enough: the answer of such work depends only on the body,
 * the scope (immutable; the verified-token cache hands out one object per token) and the tenant-local date, which only
 * changes on a minute boundary (time zones are offset by whole minutes). Only what `compute` returns is remembered —
 * a throw (bad body) is not. Bodies over `maxBodyChars` are not remembered.
 *
 * @example
 * const memo = createScopeMinuteMemo<Compiled>();
 * const compiled = memo(scope, body, now, () => compile(body, scope, now));
 */
import type { TenantScope } from '../semantic/scope.js';

export function createScopeMinuteMemo<T>(o: { readonly maxEntries?: number; readonly maxBodyChars?: number } = {}) {
  const maxEntries = o.maxEntries ?? 1000;
  const maxBodyChars = o.maxBodyChars ?? 16 * 1024;
  const byScope = new WeakMap<TenantScope, { minute: number; readonly byBody: Map<string, T> }>();
  return (scope: TenantScope, body: unknown, now: Date, compute: () => T): T => {
    const minute = Math.floor(now.getTime() / 60_000);
    let memo = byScope.get(scope);
    if (memo === undefined) {
      memo = { minute, byBody: new Map() };
      byScope.set(scope, memo);
    } else if (memo.minute !== minute) {
      memo.minute = minute;
      memo.byBody.clear();
    }
    const text = JSON.stringify(body);
    if (text === undefined || text.length > maxBodyChars) return compute();
    const known = memo.byBody.get(text);
    if (known !== undefined) return known;
    const value = compute();
    if (memo.byBody.size >= maxEntries) memo.byBody.clear();
    memo.byBody.set(text, value);
    return value;
  };
}
