/**
 * Chart themes are typed Vega-Lite `Config` objects derived from the same design tokens as the rest of the widgets,
 * read at runtime from the element's computed style, so a token change or dark mode recolours the marks.
 */
import type { Config } from 'vega-lite';

import type { ChartTokens } from './read-tokens.js';

export type { ChartTokens };

/** The Vega-Lite config for a set of tokens. */
export function themeConfig(t: ChartTokens): Config {
  const first = t.series[0] ?? t.accent;
  return {
    background: 'transparent',
    font: t.font,
    view: { stroke: 'transparent' },
    title: { color: t.text, font: t.font },
    axis: {
      labelColor: t.muted,
      titleColor: t.text,
      gridColor: t.grid,
      domainColor: t.border,
      tickColor: t.border,
      labelFont: t.font,
      titleFont: t.font,
    },
    legend: { labelColor: t.text, titleColor: t.text, labelFont: t.font, titleFont: t.font },
    header: { labelColor: t.text, titleColor: t.text },
    range: {
      category: [...t.series],
      ordinal: [...t.series],
      heatmap: [t.surface, t.accent],
      ramp: [t.surface, t.accent],
    },
    mark: { color: first },
    bar: { fill: first },
    line: { stroke: first },
    point: { fill: first, stroke: first },
    area: { fill: first },
    rule: { stroke: t.muted },
    text: { fill: t.text },
  };
}

/**
 * The same theme as a Vega `Config`, for specs precompiled to Vega. Besides the guide and range colours it defines the
 * signals `miq_series_1` … `miq_series_8`: a server that compiles Vega-Lite with
 * `config.mark.color = { expr: 'miq_series_1' }` gets single-colour marks that still follow the tokens at runtime.
 */
export function vegaThemeConfig(t: ChartTokens): Record<string, unknown> {
  const vl = themeConfig(t) as Record<string, unknown>;
  const first = t.series[0] ?? t.accent;
  return {
    background: vl.background,
    title: vl.title,
    axis: vl.axis,
    legend: vl.legend,
    range: vl.range,
    rect: { fill: first },
    area: { fill: first },
    line: { stroke: first },
    symbol: { fill: first },
    text: { fill: t.text },
    rule: { stroke: t.muted },
    signals: t.series.map((value, i) => ({ name: `miq_series_${i + 1}`, value })),
  };
}
