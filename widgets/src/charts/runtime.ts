/**
 * The chart runtime, loaded as a lazy chunk only when a chart scrolls into view. Vega-Lite compiles to Vega; Vega
 * parses with `ast: true` and evaluates expressions with `vega-interpreter`, so no `eval`/`new Function` runs and the
 * charts work under `script-src 'self'` without `unsafe-eval`.
 */
import { parse, View } from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import type { MetricsResponse, MetricsRow } from '../internal/wire.js';
import { vegaLocale } from './locale.js';
import { isVegaSpec } from './spec-kind.js';
import { type ChartTokens, themeConfig, vegaThemeConfig } from './themes/tokens-theme.js';

export interface RenderOptions {
  readonly width: number;
  /** The response's annotations: axis titles and number formats where the spec gives none. */
  readonly annotation?: MetricsResponse['annotation'];
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
    vgSpec = compileVegaLite(withData(withTitles(spec, options.annotation ?? {}), rows, options), themeConfig(tokens));
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

/** Axis and legend titles and number formats from the API's annotations, where the Vega-Lite spec gives none. */
function withTitles(
  spec: Record<string, unknown>,
  annotations: MetricsResponse['annotation'],
): Record<string, unknown> {
  const addTitles = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(addTitles);
    if (!node || typeof node !== 'object') return node;
    const obj = node as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) out[k] = addTitles(v);
    const annotation = typeof obj.field === 'string' ? annotations[obj.field] : undefined;
    if (annotation && obj.title === undefined) out.title = annotation.title;
    const format = annotation?.format === 'currency' ? '$,.0f' : annotation?.format === 'percent' ? '.0%' : undefined;
    if (format && obj.type === 'quantitative') {
      const axis = obj.axis;
      if (axis !== null && !(axis && typeof axis === 'object' && 'format' in axis))
        out.axis = { ...(axis && typeof axis === 'object' ? (axis as object) : {}), format };
    }
    return out;
  };
  return addTitles(spec) as Record<string, unknown>;
}
