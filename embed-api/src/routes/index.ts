export type { HealthCheck } from './health.js';
export { healthRoutes } from './health.js';
export type { JsonBodyVariables } from './json-body.js';
export { jsonBody } from './json-body.js';
export { metricsRoutes } from './metrics.js';
export { schemaRoutes } from './schema.js';
