/**
 * Cache tiers and keys. A key hashes (SHA-256, Web Crypto) the tier, the scope key (tenant, warehouse location, time
 * zone, currency, locked filters, allowed members), the catalog version, the tenant-local cache day and the
 * normalized query (relative dates already resolved in the tenant's time zone). The tenant id stays readable in
 * front of the hash for operators; it never decides a match on its own.
 */

export type TierName = 'metrics' | 'dashboard' | 'filters' | 'static';

/** Generations that move when a tenant's marts are rebuilt (`static` follows the catalog version instead). */
export const REBUILD_GENERATIONS = ['metrics', 'dashboard', 'filters'] as const;

export interface Tier {
  /** Fresh for this long. */
  readonly ttlMs: number;
  /** Then served stale (and refreshed in the background) for this long, within the same generation only. */
  readonly staleMs: number;
  /** Per-tenant generation counters an entry of this tier depends on. */
  readonly generations: readonly string[];
}

const MIN = 60_000;
const HOUR = 60 * MIN;

/** The plan's tiers (IMPLEMENTATION_PLAN 2.2): responses 5 min, dashboard data 1 h, filter options 24 h, static 7 d. */
export const TIERS: Readonly<Record<TierName, Tier>> = {
  metrics: { ttlMs: 5 * MIN, staleMs: 5 * MIN, generations: ['metrics'] },
  dashboard: { ttlMs: HOUR, staleMs: 10 * MIN, generations: ['dashboard'] },
  filters: { ttlMs: 24 * HOUR, staleMs: HOUR, generations: ['filters'] },
  static: { ttlMs: 7 * 24 * HOUR, staleMs: HOUR, generations: [] },
};

export const generationKey = (tenantId: string, name: string): string => `gen:${tenantId}:${name}`;
/** The generation a user's saved views depend on (besides the dashboard generation). */
export const savedViewGeneration = (userId: string): string => `view:${userId}`;

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The tenant-local "cache day": the local date, switching at 06:00 local time rather than midnight, so every entry
 * written before 06:00 misses after it (the plan's daily 06:00 rule), without a timer or a key scan.
 */
const recentDays = new Map<string, { readonly minute: number; readonly day: string }>();

export function cacheDay(timeZone: string, now: Date): string {
  // The day can only change on a minute boundary (time zones are offset by whole minutes): compute once a minute.
  const minute = Math.floor(now.getTime() / 60_000);
  const recent = recentDays.get(timeZone);
  if (recent?.minute === minute) return recent.day;
  const day = computeCacheDay(timeZone, now);
  recentDays.set(timeZone, { minute, day });
  return day;
}

function computeCacheDay(timeZone: string, now: Date): string {
  let f = dayFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    });
    dayFormatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(now).map((p) => [p.type, p.value]));
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  if (Number(parts.hour) >= 6) return date;
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export interface KeyInput {
  readonly tier: TierName;
  readonly tenantId: string;
  /** `scopeKey(scope)`: tenant, locked filters, allowed members, time zone, currency. */
  readonly scopeKey: string;
  readonly catalogVersion: string;
  readonly timeZone: string;
  /** The normalized query (or queries, dashboard id, filter member…): anything that changes the answer. */
  readonly parts: unknown;
}

const encoder = new TextEncoder();

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
  let hex = '';
  for (const b of digest) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** Recent material → key, so a warm hit does not hash again (bounded; cleared when full). */
const recentKeys = new Map<string, string>();
const RECENT_KEYS_MAX = 10_000;

/** `<tier>:<tenant>:<sha256>`; the hash covers every input including the tenant. */
export async function cacheKey(k: KeyInput, now: Date): Promise<string> {
  const material = JSON.stringify([
    'miq-cache-v1',
    k.tier,
    k.tenantId,
    k.scopeKey,
    k.catalogVersion,
    k.tier === 'static' ? null : cacheDay(k.timeZone, now),
    k.parts,
  ]);
  const known = recentKeys.get(material);
  if (known !== undefined) return known;
  const key = `${k.tier}:${k.tenantId}:${await sha256Hex(material)}`;
  if (recentKeys.size >= RECENT_KEYS_MAX) recentKeys.clear();
  recentKeys.set(material, key);
  return key;
}
