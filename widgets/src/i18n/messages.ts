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
} as const;

export type MessageKey = keyof typeof en;
type Catalog = { readonly [K in MessageKey]: string };

const de: Catalog = {
  loading: 'Wird geladen…',
  empty: 'Keine Daten für die gewählten Filter.',
  error: 'Dieses Element konnte nicht geladen werden.',
  retry: 'Erneut versuchen',
  exportCsv: 'CSV exportieren',
  exportPng: 'PNG exportieren',
  viewAsTable: 'Als Tabelle anzeigen',
  viewAsChart: 'Als Diagramm anzeigen',
  drillUp: 'Zurück',
  drillInto: 'Details zu {value}',
  dateRange: 'Zeitraum',
  compare: 'Mit Vorperiode vergleichen',
  search: 'Suchen',
  clearFilters: 'Zurücksetzen',
  clearSelection: 'Auswahl aufheben: {value}',
  selected: '{count} ausgewählt',
  all: 'Alle',
  noOptions: 'Keine Treffer',
  updatedAgo: 'Aktualisiert {ago}',
  updatedAgoTitle: '{source}: {ago}',
  vsPrevious: 'ggü. Vorperiode',
  sortBy: 'Nach {column} sortieren',
  page: 'Seite {page} von {pages}',
  previousPage: 'Vorherige Seite',
  nextPage: 'Nächste Seite',
  rowsSummary: '{count} Zeilen',
  chartSummary: '{title}: {count} Datenpunkte. {details}',
  chartHighest: 'Höchster Wert {measure}: {label} ({value}).',
  chartLowest: 'Niedrigster: {label} ({value}).',
  chartTotal: 'Summe {measure}: {value}.',
  preset_last_7_days: 'Letzte 7 Tage',
  preset_last_30_days: 'Letzte 30 Tage',
  preset_last_90_days: 'Letzte 90 Tage',
  preset_month_to_date: 'Monat bis heute',
  preset_last_month: 'Letzter Monat',
  preset_year_to_date: 'Jahr bis heute',
  filter_platform: 'Plattform',
  filter_account: 'Konto',
  filter_campaign: 'Kampagne',
  filter_adSet: 'Anzeigengruppe',
  filter_device: 'Gerät',
  filter_country: 'Land',
  filter_sourceMedium: 'Quelle / Medium',
  filter_flow: 'Flow',
  filter_itemCategory: 'Artikelkategorie',
};

const catalogs: Readonly<Record<string, Catalog>> = { en, de };

/** The catalog for a BCP 47 locale: exact language match, else English. */
export function catalogFor(locale: string): Catalog {
  const language = locale.toLowerCase().split('-')[0] ?? 'en';
  return catalogs[language] ?? en;
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
