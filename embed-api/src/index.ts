/**
 * `@miq/embed-api`: the embed API as a library. Runtimes (`src/runtime/node.ts`) build the dependencies and serve
 * `createApp(deps).fetch`.
 *
 * @example
 * import { createApp, loadAppConfig, createJsonLogger } from '@miq/embed-api';
 */

export type { App } from './app.js';
export { createApp } from './app.js';
export type { AppDeps, SemanticPort } from './app-deps.js';
export type { TenantClaims, TenantScope, TenantTokenClaims, VerifiedTenantToken } from './auth/index.js';
export { createTenantTokenVerifier, mintTenantToken } from './auth/index.js';
export type { AppConfig, RuntimeConfig, TokenPolicy } from './config/index.js';
export { ConfigError, defaultAppConfig, loadAppConfig, loadRuntimeConfig } from './config/index.js';
export type { ErrorBody, ErrorCode, FieldProblem } from './errors/index.js';
export { ERROR_CATALOG, MiqError, ProblemCollector } from './errors/index.js';
export type { Logger } from './logger.js';
export { createJsonLogger } from './logger.js';
