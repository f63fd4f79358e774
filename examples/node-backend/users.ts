/**
 * The host app's own user directory (a stand-in for your database). Each user maps to what Marketing IQ needs: the
 * tenants they may see, the dashboards, and the locked row filters that narrow a tenant to their accounts.
 */

/** One Marketing IQ tenant a host user may open. */
export interface TenantGrant {
  readonly tenant: string;
  /** Shown in the agency portal's client switcher. */
  readonly label: string;
  /** Locked filters put into the token: ANDed into every query by the API, never widened by the browser. */
  readonly filters?: Readonly<Record<string, readonly string[]>>;
}

export interface HostUser {
  readonly id: string;
  readonly name: string;
  /** The dashboard the user's pages open. */
  readonly dashboard: string;
  /** Dashboards their tokens may open. */
  readonly dashboards: readonly string[];
  /** First grant = the default tenant; more than one = an agency user switching clients. */
  readonly grants: readonly TenantGrant[];
}

/** The example's users: two customers locked to one ad account each, and an agency user with three clients. */
export const DEMO_USERS: readonly HostUser[] = [
  {
    id: 'alice',
    name: 'Alice (Rare Seeds, search account only)',
    dashboard: 'google-ads',
    dashboards: ['google-ads', 'overview'],
    grants: [{ tenant: 'rare-seeds', label: 'Rare Seeds', filters: { 'account.id': ['7261940385'] } }],
  },
  {
    id: 'sam',
    name: 'Sam (Rare Seeds, shopping account only)',
    dashboard: 'google-ads',
    dashboards: ['google-ads', 'overview'],
    grants: [{ tenant: 'rare-seeds', label: 'Rare Seeds', filters: { 'account.id': ['4410382957'] } }],
  },
  {
    id: 'ada',
    name: 'Ada (agency account manager)',
    dashboard: 'google-ads',
    dashboards: ['google-ads', 'meta-ads', 'overview'],
    grants: [
      { tenant: 'rare-seeds', label: 'Rare Seeds' },
      { tenant: 'nordic-knits', label: 'Nordic Knits' },
      { tenant: 'kiwi-outdoors', label: 'Kiwi Outdoors' },
    ],
  },
];
