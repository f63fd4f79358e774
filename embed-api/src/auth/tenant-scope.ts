/**
 * What a verified tenant token lets a request read: built only from the tenant's row in the app database and the
 * token's locked filters, never from the request. Structurally identical to the semantic layer's `TenantScope`
 * (`src/semantic/index.ts`), which consumes it.
 */
export interface TenantScope {
  readonly tenantId: string;
  /** DuckDB: directory under the warehouse dir; Snowflake: database. Operator-assigned. */
  readonly warehouseLocation: string;
  /** IANA time zone for relative date ranges. */
  readonly timeZone: string;
  /** ISO 4217 code money is reported in. */
  readonly reportingCurrency: string;
  /** Locked filters from the token: member → allowed values, ANDed into every query. */
  readonly lockedFilters: Readonly<Record<string, readonly string[]>>;
  /** Members the token may query (its `scope` claim); undefined = every member of the catalog. */
  readonly allowedMembers?: ReadonlySet<string>;
}
