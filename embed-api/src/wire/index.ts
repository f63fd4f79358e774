/**
 * The wire types: zod schemas the API validates with (and generates OpenAPI from), and their inferred types that the
 * SDK and widgets import with `import type { MetricsRequest } from '@miq/embed-api/wire'`.
 */

export * from './api.js';
export * from './filters.js';
export * from './metrics.js';
export * from './schema.js';
