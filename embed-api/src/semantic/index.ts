/**
 * The semantic layer's public entry: load the catalog once at start-up, create the layer with a warehouse, then
 * `query(body, scope)` per request.
 *
 * @example
 * import { createSemanticLayer, loadCatalog } from './semantic/index.js';
 * const layer = createSemanticLayer({ catalog: loadCatalog(manifestJson), warehouse });
 */

export type { CompiledQuery } from '../warehouse/types.js';
export { loadCatalog } from './catalog/load-catalog.js';
export type { Catalog, DimensionMember, Member, MetricMember, TimeMember } from './catalog/types.js';
export type { CompiledColumn, CompiledMetricsQuery } from './compile/index.js';
export type { TenantScope } from './scope.js';
export type { SemanticLayer } from './semantic-layer.js';
export { createSemanticLayer } from './semantic-layer.js';
