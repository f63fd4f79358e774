/** Demo seeding: one partner, its Ed25519 embed key and the demo tenants, for `make demo` and the tests. */

export type { DemoTenant } from './demo-tenants.js';
export { parseDemoTenants } from './demo-tenants.js';
export type { DemoPartnerFile } from './seed-demo.js';
export { DEMO_PARTNER_ID, seedDemo } from './seed-demo.js';
