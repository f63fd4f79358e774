import { MiqError } from '../errors/index.js';

/**
 * Which catalog members a token's `dashboards` claim lets it query: `undefined` means every member. A token with an
 * explicit `scope` claim uses that list instead (see `verify-tenant-token.ts`).
 */
export type DashboardMembersResolver = (dashboards: readonly string[]) => ReadonlySet<string> | undefined;

/**
 * Builds the resolver from a lookup of one dashboard's members (the members its panels' queries and filters use).
 * `["*"]` (or any list containing `*`) grants every member. A named list grants the union of those dashboards'
 * members; a dashboard the lookup does not know contributes none (fail closed). Until dashboard documents are served
 * (issue 10) the default lookup knows no dashboard, so a named list grants no member except the date dimensions,
 * which every query may use; issue 10 passes a lookup that reads the documents.
 *
 * @example
 * const resolve = dashboardMembersResolver((id) => documents.get(id)?.members);
 * resolve(['google-ads']); // Set { 'ads.spend', 'campaign.name', ... }
 */
export function dashboardMembersResolver(
  membersOf: (dashboardId: string) => readonly string[] | undefined = () => undefined,
): DashboardMembersResolver {
  return (dashboards) => {
    if (dashboards.includes('*')) return undefined;
    const members = new Set<string>();
    for (const id of dashboards) for (const m of membersOf(id) ?? []) members.add(m);
    return members;
  };
}

/**
 * Dashboard routes call this before serving dashboard `id` (403 `dashboard_not_allowed` otherwise).
 *
 * @example
 * assertDashboardAllowed(c.var.auth.claims.dashboards, c.req.param('id'));
 */
export function assertDashboardAllowed(dashboards: readonly string[], id: string): void {
  if (dashboards.includes('*') || dashboards.includes(id)) return;
  throw new MiqError('forbidden', {
    details: [
      { field: 'dashboard', code: 'dashboard_not_allowed', message: 'This token may not open this dashboard.' },
    ],
  });
}
