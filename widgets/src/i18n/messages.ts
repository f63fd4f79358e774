/**
 * The UI message catalog. Every string a user reads comes from here; `{name}` placeholders are filled by `msg`.
 *
 * @example
 * msg('de-DE', 'updatedAgo', { ago: 'vor 2 Std.' }) // 'Aktualisiert vor 2 Std.'
 */
const en = {
  loading: 'Loading…',
  empty: 'No data for the selected filters.',
  error: 'This panel could not be loaded.',
  retry: 'Retry',
  exportCsv: 'Export CSV',
  exportPng: 'Export PNG',
  viewAsTable: 'View as table',
  viewAsChart: 'View as chart',
  drillUp: 'Back',
  drillInto: 'Drill into {value}',
  dateRange: 'Date range',
  compare: 'Compare to previous period',
  search: 'Search',
  clearFilters: 'Clear',
  clearSelection: 'Clear selection: {value}',
  selected: '{count} selected',
  all: 'All',
  noOptions: 'No matches',
  updatedAgo: 'Updated {ago}',
  updatedAgoTitle: '{source}: {ago}',
  vsPrevious: 'vs previous period',
  noFindings: 'No findings: the rules that ran found nothing to act on.',
  noAlerts: 'No anomalies from {from} to {to} at sensitivity {sensitivity}.',
  findingsCount: '{count} findings, ranked by estimated impact',
  severity_high: 'High',
  severity_medium: 'Medium',
  severity_low: 'Low',
  evidence: 'Evidence',
  impact: 'Estimated impact: {value}',
  impactUnknown: 'Impact not estimated',
  recommendedAction: 'Recommended action:',
  showData: 'Show the data',
  notChecked: 'Not checked yet (the data it needs is missing): {rules}',
  alertsWindow: '{from} to {to}',
  sensitivity: 'Sensitivity',
  sensitivityDefault: '{value} (default)',
  col_kpi: 'KPI',
  col_date: 'Date',
  col_actual: 'Actual',
  col_expected: 'Expected',
  col_change: 'Change',
  col_changes: 'Setting changes in the 3 days before',
  noSettingChanges: 'None',
  askLabel: 'Ask a question',
  askPlaceholder: 'e.g. spend by platform last 30 days',
  askSubmit: 'Ask',
  askTry: 'Try one of these:',
  queryThatRan: 'The query that ran',
  notFilteredBy: 'Not filtered by {members}',
  sortBy: 'Sort by {column}',
  page: 'Page {page} of {pages}',
  previousPage: 'Previous page',
  nextPage: 'Next page',
  rowsSummary: '{count} rows',
  chartSummary: '{title}: {count} data points. {details}',
  chartHighest: 'Highest {measure}: {label} ({value}).',
  chartLowest: 'Lowest: {label} ({value}).',
  chartTotal: 'Total {measure}: {value}.',
  preset_last_7_days: 'Last 7 days',
  preset_last_30_days: 'Last 30 days',
  preset_last_90_days: 'Last 90 days',
  preset_month_to_date: 'Month to date',
  preset_last_month: 'Last month',
  preset_year_to_date: 'Year to date',
  filter_platform: 'Platform',
  filter_account: 'Account',
  filter_campaign: 'Campaign',
  filter_adSet: 'Ad set',
  filter_device: 'Device',
  filter_country: 'Country',
  filter_sourceMedium: 'Source / medium',
  filter_flow: 'Flow',
  filter_itemCategory: 'Item category',
  filter_adGroup: 'Ad group',
  filter_ad: 'Ad',
  filter_keyword: 'Keyword',
  filter_emailCampaign: 'Email campaign',
  filter_list: 'List',
  filter_segment: 'Segment',
  views: 'Views',
  viewsTitle: 'Saved views',
  viewDefault: 'Default view',
  viewModified: '{name} (changed)',
  viewActive: 'active',
  viewsEmpty: 'No saved views yet.',
  viewApply: 'Apply view {name}',
  viewDelete: 'Delete view {name}',
  viewName: 'Name of the new view',
  viewSave: 'Save current filters',
  viewNameRequired: 'Enter a name.',
  viewNameTooLong: 'At most {max} characters.',
  viewNameTaken: 'You already have a view named “{name}”.',
  viewSaved: 'Saved “{name}”.',
  viewDeleted: 'Deleted “{name}”.',
  viewApplied: 'Showing “{name}”.',
  viewSaveFailed: 'The view was not saved.',
  viewFieldError: '{field}: {message}',
  viewNotFound: 'The saved view “{id}” was not found; showing the default view.',
  viewsLoadFailed: 'Saved views could not be loaded.',
  viewUndo: 'Undo',
  lockedFilter: '{filter}: {values} (locked)',
} as const;

export type MessageKey = keyof typeof en;
export type Catalog = { readonly [K in MessageKey]: string };

/** Catalogs other than English load on first use, as their own chunks. */
const loaders: Readonly<Record<string, () => Promise<Catalog>>> = {
  de: () => import('./messages-de.js').then((m) => m.de),
};
const catalogs: Record<string, Catalog> = { en };
const loading = new Map<string, Promise<void>>();
const listeners = new Set<() => void>();

/** Calls `listener` whenever a catalog finishes loading (elements re-render). */
export function onCatalogLoaded(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Loads the catalog of `locale`'s language, if there is one; resolves when it is ready. */
export async function loadCatalog(locale: string): Promise<void> {
  const language = locale.toLowerCase().split('-')[0] ?? 'en';
  const load = loaders[language];
  if (!load || catalogs[language]) return;
  let pending = loading.get(language);
  if (!pending) {
    pending = load().then((catalog) => {
      catalogs[language] = catalog;
      for (const l of listeners) l();
    });
    loading.set(language, pending);
  }
  await pending;
}

/** The catalog for a BCP 47 locale: its language once loaded (loading starts here), else English. */
export function catalogFor(locale: string): Catalog {
  const language = locale.toLowerCase().split('-')[0] ?? 'en';
  const found = catalogs[language];
  if (!found) void loadCatalog(locale);
  return found ?? en;
}

/** A UI string in `locale`, with `{name}` placeholders filled from `params`. */
export function msg(locale: string, key: MessageKey, params: Readonly<Record<string, string | number>> = {}): string {
  return catalogFor(locale)[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** A message key looked up by a dynamic name (filter types, presets), falling back to `fallback`. */
export function msgOr(locale: string, key: string, fallback: string): string {
  const catalog = catalogFor(locale) as Readonly<Record<string, string>>;
  return catalog[key] ?? fallback;
}
