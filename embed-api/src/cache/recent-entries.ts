/**
 * Entries this process recently read from the store, decoded once, and — with an L1 configured — served without asking
 * the store again for a short time (`ttlMs`), as long as no generation move of their tenant was seen since they were
 * validated. Moves are seen at once from this process's own bumps and, through a `GenerationBus`, from other
 * instances' bumps; a lost notice is bounded by `ttlMs` (after it, every entry is validated against the shared
 * generations again).
 *
 * Ordering that keeps a bump from being missed: the caller snapshots `tick()` *before* it reads the store, and a move
 * is recorded after the store's INCR landed (and on the notice, which is published after it). A read that could have
 * seen the old generations therefore carries a snapshot older than the move and is never served from here.
 */

export interface Decoded {
  readonly gens: string;
  readonly createdAt: number;
  readonly freshUntil: number;
  readonly body: string;
}

/** Entry format: `<generations>|<createdAtMs>|<freshUntilMs>\n<value>`. */
export function decodeEntry(text: string | undefined): Decoded | undefined {
  if (text === undefined) return undefined;
  const nl = text.indexOf('\n');
  if (nl < 0) return undefined;
  const [gens, created, fresh] = text.slice(0, nl).split('|');
  if (gens === undefined || created === undefined || fresh === undefined) return undefined;
  return { gens, createdAt: Number(created), freshUntil: Number(fresh), body: text.slice(nl + 1) };
}

interface Recent {
  readonly text: string;
  readonly decoded: Decoded;
  /** The tenant's generations when last validated, and when (ms) and under which snapshot. */
  gens: string;
  validatedAt: number;
  snapshot: number;
}

export interface RecentEntriesOptions {
  /** How long a validated entry is served without asking the store (0 = never: decode reuse only). */
  readonly ttlMs: number;
  /** Bound on the characters held (entries are dropped all at once past it; default 16 Mi). */
  readonly maxChars?: number;
}

export interface RecentEntries {
  /** The current tick: take it before reading the store. */
  tick(): number;
  /** A fresh entry validated less than `ttlMs` ago whose tenant has not moved since (an L1 hit), else undefined. */
  hit(tenantId: string, key: string, nowMs: number): Decoded | undefined;
  /**
   * The store's text for `key`, decoded (reusing the previous decode of the same text), recorded as validated
   * against `gens` under `snapshot`.
   */
  decode(key: string, text: string | undefined, gens: string, snapshot: number, nowMs: number): Decoded | undefined;
  /** This tenant's generations moved (here or on another instance). */
  tenantMoved(tenantId: string): void;
  /** Notices may have been lost: nothing recent is served until validated again. */
  everythingMoved(): void;
}

export function createRecentEntries(o: RecentEntriesOptions): RecentEntries {
  const maxChars = o.maxChars ?? 16 * 1024 * 1024;
  const entries = new Map<string, Recent>();
  const movedAt = new Map<string, number>();
  let now = 0;
  let everythingAt = 0;
  let chars = 0;

  return {
    tick: () => now,
    hit(tenantId, key, nowMs) {
      if (o.ttlMs <= 0) return undefined;
      const r = entries.get(key);
      if (r === undefined) return undefined;
      if (r.snapshot < everythingAt || r.snapshot < (movedAt.get(tenantId) ?? 0)) return undefined;
      if (nowMs - r.validatedAt >= o.ttlMs || nowMs >= r.decoded.freshUntil || r.decoded.gens !== r.gens) {
        return undefined;
      }
      return r.decoded;
    },
    decode(key, text, gens, snapshot, nowMs) {
      if (text === undefined) {
        const gone = entries.get(key);
        if (gone) {
          entries.delete(key);
          chars -= gone.text.length;
        }
        return undefined;
      }
      let r = entries.get(key);
      if (r === undefined || r.text !== text) {
        const decoded = decodeEntry(text);
        if (decoded === undefined) return undefined;
        if (r) chars -= r.text.length;
        if (chars + text.length > maxChars) {
          entries.clear();
          chars = 0;
        }
        r = { text, decoded, gens, validatedAt: nowMs, snapshot };
        entries.set(key, r);
        chars += text.length;
        return decoded;
      }
      r.gens = gens;
      r.validatedAt = nowMs;
      r.snapshot = snapshot;
      return r.decoded;
    },
    tenantMoved(tenantId) {
      movedAt.set(tenantId, ++now);
    },
    everythingMoved() {
      everythingAt = ++now;
    },
  };
}
