/**
 * Warehouse adapters. The app imports only the `Warehouse` contract; the runtime entry creates one variant and injects
 * it. Native drivers and `node:` modules stay inside `duckdb/` and `snowflake/`.
 */

export type { DuckDbWarehouseOptions } from './duckdb/duckdb-warehouse.js';
export { createDuckDbWarehouse } from './duckdb/duckdb-warehouse.js';
export type { SnowflakeWarehouseOptions } from './snowflake/snowflake-warehouse.js';
export { createSnowflakeWarehouse } from './snowflake/snowflake-warehouse.js';
export type { CompiledQuery, Warehouse, WarehouseDialect } from './types.js';
