export type { CallOptions, ClientOptions, FilterOptionsParams, MiqClient } from './create-client.js';
export { createClient } from './create-client.js';
