/**
 * The chart runtime, loaded as a lazy chunk only when a chart scrolls into view. Vega-Lite compiles to Vega; Vega
 * parses with `ast: true` and evaluates expressions with `vega-interpreter`, so no `eval`/`new Function` runs and the
 * charts work under `script-src 'self'` without `unsafe-eval`.
 */
import { parse, View } from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import type { MetricsRow } from '../internal/wire.js';
import { vegaLocale } from './locale.js';
import { isVegaSpec } from './spec-kind.js';
import { type ChartTokens, themeConfig, vegaThemeConfig } from './themes/tokens-theme.js';

export interface RenderOptions {
  readonly width: number;
  /** BCP 47 locale and currency for axis and legend number/time formats. */
  readonly locale?: { readonly tag: string; readonly currency: string };
  readonly height?: number;
  readonly description?: string;
  readonly onSelect?: (datum: Record<string, unknown>) => void;
  readonly onActivate?: (datum: Record<string, unknown>) => void;
}

export interface ChartHandle {
  readonly view: View;
  finalize(): void;
  toPng(scale?: number): Promise<string>;
}

/** Rows keyed `ads.spend` also get a nested copy (`ads: { spend }`) so Vega-Lite field paths resolve. */
export function nestRows(rows: readonly MetricsRow[]): Record<string, unknown>[] {
  return rows.map((row) => {
    const out: Record<string, unknown> = { ...row };
    for (const [key, value] of Object.entries(row)) {
      const parts = key.split('.');
      if (parts.length !== 2) continue;
      const [cube, name] = parts as [string, string];
      const node = out[cube];
      if (node === undefined || node === null || typeof node !== 'object') out[cube] = {};
      (out[cube] as Record<string, unknown>)[name] = value;
    }
    return out;
  });
}

let compilerPromise: Promise<typeof import('./compile.js')> | null = null;

/**
 * Renders a chart with `rows` as its data into `container` (SVG renderer). A Vega-Lite spec is compiled with the theme
 * config (the compiler chunk loads on first use); a precompiled Vega spec gets its data in the dataset named `rows`
 * and the theme as Vega config.
 */
export async function renderChart(
  container: HTMLElement,
  spec: Record<string, unknown>,
  rows: readonly MetricsRow[],
  tokens: ChartTokens,
  options: RenderOptions,
): Promise<ChartHandle> {
  let vgSpec: Record<string, unknown>;
  if (isVegaSpec(spec)) {
    vgSpec = { ...spec, ...(spec.width === undefined ? { width: options.width } : {}) };
    if (options.description) vgSpec.description = options.description;
  } else {
    compilerPromise ??= import('./compile.js');
    const { compileVegaLite } = await compilerPromise;
    vgSpec = compileVegaLite(withData(spec, rows, options), themeConfig(tokens));
  }
  const runtime = parse(vgSpec as never, isVegaSpec(spec) ? (vegaThemeConfig(tokens) as never) : undefined, {
    ast: true,
  });
  const view = new View(runtime, {
    expr: expressionInterpreter,
    renderer: 'svg',
    container,
    hover: true,
    // vega-view reads `{ number, time }` definitions here (its typings say formatters)
    ...(options.locale ? { locale: vegaLocale(options.locale.tag, options.locale.currency) as never } : {}),
  });
  if (isVegaSpec(spec)) view.data('rows', nestRows(rows));
  return finish(view, options);
}

function withData(spec: Record<string, unknown>, rows: readonly MetricsRow[], options: RenderOptions) {
  return {
    ...spec,
    data: { values: nestRows(rows) },
    ...(spec.width === undefined ? { width: options.width } : {}),
    ...(spec.height === undefined ? { height: options.height ?? 220 } : {}),
    autosize: spec.autosize ?? { type: 'fit', contains: 'padding' },
    ...(options.description ? { description: options.description } : {}),
  };
}

async function finish(view: View, options: RenderOptions): Promise<ChartHandle> {
  if (options.onSelect) {
    view.addEventListener('click', (_event, item) => {
      const datum = item?.datum as Record<string, unknown> | undefined;
      if (datum) options.onSelect?.(datum);
    });
  }
  if (options.onActivate) {
    view.addEventListener('dblclick', (_event, item) => {
      const datum = item?.datum as Record<string, unknown> | undefined;
      if (datum) options.onActivate?.(datum);
    });
  }
  await view.runAsync();
  return {
    view,
    finalize: () => view.finalize(),
    toPng: (scale = 2) => view.toImageURL('png', scale),
  };
}
