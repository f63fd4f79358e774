import type { Migration } from 'kysely';
import { initial } from './0001-initial.js';
import { tenancyAdmin } from './0002-tenancy-admin.js';
import { dashboards } from './0003-dashboards.js';
import { auditRollup } from './0004-audit-rollup.js';

/**
 * Every app-database migration, as code rather than files read from disk (so a Workers runtime can run them).
 * Names sort in the order they must run; never rename or edit a migration once it has shipped — add a new one.
 */
export const APP_DB_MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-initial': initial,
  '0002-tenancy-admin': tenancyAdmin,
  '0003-dashboards': dashboards,
  '0004-audit-rollup': auditRollup,
};
