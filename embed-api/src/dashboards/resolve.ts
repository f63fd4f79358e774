/**
 * A dashboard document resolved for one tenant token: the partner's customisation applied (hidden, re-ordered,
 * renamed, added panels; default filters), panels the token may not query left out, and the tenant's currency, time
 * zone and locked filters attached.
 */
import type { TenantScope } from '../semantic/scope.js';
import { type CatalogMembers, panelProblems, queryMembers } from './registry.js';
import type { Customisation, DashboardDocument, DashboardPanel, DefaultFilters } from './schema.js';

export interface ResolvedDashboard extends Omit<DashboardDocument, 'panels'> {
  readonly panels: readonly DashboardPanel[];
  readonly currency: string;
  readonly timeZone: string;
  readonly lockedFilters: Readonly<Record<string, readonly string[]>>;
  readonly defaultFilters?: DefaultFilters;
  readonly customised: boolean;
}

export function applyCustomisation(
  doc: DashboardDocument,
  custom: Customisation | undefined,
  catalog: CatalogMembers,
): DashboardPanel[] {
  let panels: DashboardPanel[] = [...doc.panels];
  if (!custom) return panels;
  const own = new Set(panels.map((p) => p.id));
  // an added panel whose members left the catalog since it was saved is dropped rather than failing the dashboard
  for (const p of custom.added ?? []) {
    if (!own.has(p.id) && panelProblems(p, catalog, '').length === 0) panels.push(p);
  }
  const hidden = new Set(custom.hidden ?? []);
  panels = panels.filter((p) => !hidden.has(p.id));
  const titles = custom.titles ?? {};
  panels = panels.map((p) => (titles[p.id] ? { ...p, title: titles[p.id]! } : p));
  const order = custom.order ?? [];
  if (order.length > 0) {
    const rank = new Map(order.map((id, i) => [id, i]));
    panels = panels
      .map((p, i) => ({ p, key: rank.get(p.id) ?? order.length + i }))
      .sort((a, b) => a.key - b.key)
      .map(({ p }) => p);
  }
  return panels;
}

export function resolveDashboard(
  doc: DashboardDocument,
  custom: Customisation | undefined,
  scope: TenantScope,
  catalog: CatalogMembers,
): ResolvedDashboard {
  const allowed = scope.allowedMembers;
  const panels = applyCustomisation(doc, custom, catalog).filter(
    (p) => !allowed || !('query' in p) || queryMembers(p.query).every(({ member }) => allowed.has(member)),
  );
  return {
    ...doc,
    panels,
    currency: scope.reportingCurrency,
    timeZone: scope.timeZone,
    lockedFilters: scope.lockedFilters,
    ...(custom?.defaultFilters ? { defaultFilters: custom.defaultFilters } : {}),
    customised: custom !== undefined,
  };
}
