import type { Kysely } from 'kysely';
import type { AppDatabase } from '../app-db/schema.js';

/**
 * Registered page origins (`partner_origins`), read from the app database and cached for `ttlMs` (reloaded at once
 * in this instance when a partner changes its origins). Preflights are answered from the union of every partner's
 * origins plus `MIQ_CORS_ORIGINS`; a real request is checked against its own partner's list.
 *
 * @example
 * const origins = createOriginRegistry(db, () => Date.now());
 * await origins.isRegisteredAnywhere('https://app.acme.com');
 */
export interface OriginRegistry {
  isRegisteredAnywhere(origin: string): Promise<boolean>;
  /** The partner's origins (empty when it registered none). */
  forPartner(partnerId: string): Promise<ReadonlySet<string>>;
  invalidate(): void;
}

export function createOriginRegistry(db: Kysely<AppDatabase>, now: () => number, ttlMs = 5000): OriginRegistry {
  let loaded: { at: number; all: Set<string>; byPartner: Map<string, Set<string>> } | undefined;
  let loading: Promise<NonNullable<typeof loaded>> | undefined;
  async function current() {
    if (loaded !== undefined && now() - loaded.at < ttlMs) return loaded;
    loading ??= db
      .selectFrom('partner_origins')
      .select(['partner_id', 'origin'])
      .execute()
      .then((rows) => {
        const byPartner = new Map<string, Set<string>>();
        for (const r of rows) {
          const set = byPartner.get(r.partner_id) ?? new Set<string>();
          set.add(r.origin);
          byPartner.set(r.partner_id, set);
        }
        loaded = { at: now(), all: new Set(rows.map((r) => r.origin)), byPartner };
        return loaded;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  }
  return {
    isRegisteredAnywhere: async (origin) => (await current()).all.has(origin.toLowerCase()),
    forPartner: async (partnerId) => (await current()).byPartner.get(partnerId) ?? new Set(),
    invalidate: () => {
      loaded = undefined;
    },
  };
}
