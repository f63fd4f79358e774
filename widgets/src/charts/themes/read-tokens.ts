/**
 * Reads the design tokens a chart theme is built from, off the element's computed style (kept apart from the theme
 * builders so that only this small part is in the entry chunk; the builders run in the lazy chart runtime).
 */
export interface ChartTokens {
  readonly surface: string;
  readonly text: string;
  readonly muted: string;
  readonly border: string;
  readonly grid: string;
  readonly accent: string;
  readonly font: string;
  readonly series: readonly string[];
}

const SERIES_COUNT = 8;

/** Reads the resolved token values from an element inside a widget's shadow root (or the host). */
export function readTokens(el: Element): ChartTokens {
  const cs = getComputedStyle(el);
  const get = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  const series: string[] = [];
  for (let i = 1; i <= SERIES_COUNT; i++) series.push(get(`--_series-${i}`, '#0072b2'));
  return {
    surface: get('--_surface', '#ffffff'),
    text: get('--_text', '#1f2328'),
    muted: get('--_muted', '#57606a'),
    border: get('--_border', '#d0d7de'),
    grid: get('--_grid', '#e1e4e8'),
    accent: get('--_accent', '#0969da'),
    font: get('--_font', 'sans-serif'),
    series,
  };
}
