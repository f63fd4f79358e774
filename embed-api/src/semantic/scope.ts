/**
 * What a verified tenant token allows: the only source of which warehouse location is read, which tenant key is
 * asserted, which filters are locked and which members may be queried.
 *
 * @example
 * const scope: TenantScope = { tenantId: 'rare-seeds', warehouseLocation: 'rare-seeds', timeZone: 'America/Chicago',
 *   reportingCurrency: 'USD', lockedFilters: { 'account.id': ['7261940385'] } };
 */
export interface TenantScope {
  readonly tenantId: string;
  /** DuckDB: directory under the warehouse dir (`rare-seeds` → `<dir>/rare-seeds/marts.duckdb`); Snowflake: database. */
  readonly warehouseLocation: string;
  /** IANA zone, for relative dates. */
  readonly timeZone: string;
  readonly reportingCurrency: string;
  /** Catalog member → allowed values (from the token). */
  readonly lockedFilters: Readonly<Record<string, readonly string[]>>;
  /** undefined = every catalog member. */
  readonly allowedMembers?: ReadonlySet<string>;
}

/** Warehouse locations are identifiers we put into SQL as quoted names: keep them boring. */
export const WAREHOUSE_LOCATION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;
