/**
 * Configuration: what the app needs (`AppConfig`, injected into `createApp`) and what a runtime needs to build the
 * dependencies (`RuntimeConfig`). Parsed from a plain record of environment variables so that Node and Workers
 * entries share the same rules; nothing here touches `process` or the file system.
 */

export type {
  AppConfig,
  BucketConfig,
  JwksConfig,
  RateLimitConfig,
  RuntimeConfig,
  TokenPolicy,
  WarehouseConfig,
} from './load-config.js';
export { ConfigError, defaultAppConfig, loadAppConfig, loadRuntimeConfig } from './load-config.js';
