import { Task } from '@lit/task';
import { html, nothing, svg } from 'lit';
import { formatDelta, formatValue, relativeChange } from '../../i18n/format.js';
import { msg } from '../../i18n/messages.js';
import type { MiqClientLike } from '../../internal/client.js';
import { changeValue, compareValue } from '../../internal/compare.js';
import { sentimentOf } from '../../internal/direction.js';
import { MiqPanelElement } from '../../internal/miq-panel.js';
import type { MetricsQuery, MetricsResponse } from '../../internal/wire.js';
import { panelStyles, tokenStyles } from '../../styles/tokens.styles.js';
import { kpiStyles } from './kpi.styles.js';

/**
 * A KPI tile: the first measure's value, its change against the comparison period (green when the change is good
 * news: revenue up, cost down) and a daily sparkline.
 *
 * @example
 * <miq-kpi api-base="https://api.example.com" token="…" heading="Spend"
 *          query='{"measures":["ads.spend"],"timeDimension":{"dimension":"date.day","dateRange":["2026-10-01","2026-10-31"]},"compare":"previous_period"}'></miq-kpi>
 *
 * @fires miq-load - The value loaded.
 * @fires miq-error - The query failed.
 * @fires miq-token-expired - The token expired (only when this element owns its client).
 * @csspart panel - The tile's frame.
 * @csspart value - The formatted value.
 * @csspart delta - The comparison change.
 * @csspart sparkline - The trend line.
 * @csspart skeleton - The loading placeholder.
 * @csspart empty - The empty state.
 * @csspart error - The error state.
 * @csspart retry - The retry button.
 * @cssproperty --miq-color-positive - Colour of good-news changes.
 * @cssproperty --miq-color-negative - Colour of bad-news changes.
 * @cssproperty --miq-color-accent - Sparkline colour.
 * @cssproperty --miq-font-size-large - Size of the value.
 */
export class MiqKpi extends MiqPanelElement {
  static override styles = [tokenStyles, panelStyles, kpiStyles];
  protected readonly panelType = 'kpi' as const;
  protected override readonly wantsCompare = true;

  private readonly sparkTask = new Task(this, {
    task: async ([client, key]: readonly [MiqClientLike | null, string], { signal }) => {
      if (!client || !key) return undefined;
      return client.metrics(JSON.parse(key) as MetricsQuery, { signal });
    },
    args: () => {
      const q = this.effectiveQuery;
      const measure = q?.measures?.[0];
      if (!q || !measure || q.dimensions?.length) return [this.env.client, ''] as const;
      const { compare: _c, order: _o, limit: _l, ...rest } = q;
      const spark: MetricsQuery = {
        ...rest,
        measures: [measure],
        timeDimension: { ...(q.timeDimension ?? { dimension: 'date.day' }), granularity: 'day' },
        order: [[q.timeDimension?.dimension ?? 'date.day', 'asc']],
      };
      return [this.env.client, JSON.stringify(spark)] as const;
    },
  });

  override render() {
    const def = this.panelDefinition;
    return html`<section class="panel" part="panel" aria-label=${def?.title || this.heading || nothing}>
      <header><h3>${def?.title ?? this.heading ?? ''}</h3>${this.renderIgnoredFilters()}</header>
      ${this.renderStates(
        (r) => this.renderValue(r),
        () => html`<div class="skeleton big"></div>`,
      )}
    </section>`;
  }

  private renderValue(response: MetricsResponse) {
    const env = this.env;
    const measure = this.effectiveQuery?.measures?.[0] ?? Object.keys(response.rows[0] ?? {})[0] ?? '';
    const annotation = response.annotation[measure];
    const value = response.rows[0]?.[measure];
    const change = changeValue(response, measure) ?? relativeChange(value, compareValue(response, measure));
    const sentiment = sentimentOf(change, measure, annotation);
    const fmt = { locale: env.locale, ...(env.currency ? { currency: env.currency } : {}) };
    const arrow = change === null || change === 0 ? '' : change > 0 ? '▲ ' : '▼ ';
    return html`<div class="row">
      <div>
        <div class="value" part="value">${formatValue(value, annotation, fmt)}</div>
        ${
          change === null
            ? nothing
            : html`<div class="delta" part="delta" data-sentiment=${sentiment}>
              <span aria-hidden="true">${arrow}</span>${formatDelta(change, env.locale)}
              <span class="muted">${msg(env.locale, 'vsPrevious')}</span>
            </div>`
        }
      </div>
      ${this.renderSparkline(measure)}
    </div>`;
  }

  private renderSparkline(measure: string) {
    const rows = this.sparkTask.value?.rows;
    if (!rows || rows.length < 2) return nothing;
    const values = rows.map((r) => Number(r[measure] ?? 0));
    const min = Math.min(...values);
    const max = Math.max(...values);
    const span = max - min || 1;
    const points = values
      .map((v, i) => `${((i / (values.length - 1)) * 96).toFixed(1)},${(30 - ((v - min) / span) * 28).toFixed(1)}`)
      .join(' ');
    return html`<svg class="sparkline" part="sparkline" viewBox="0 0 96 32" aria-hidden="true">
      ${svg`<polyline points=${points}></polyline>`}
    </svg>`;
  }

  /** The comparison change as a fraction (0.12 = +12 %), or null. */
  get change(): number | null {
    const r = this.response;
    const measure = this.effectiveQuery?.measures?.[0];
    if (!r || !measure) return null;
    return changeValue(r, measure) ?? relativeChange(r.rows[0]?.[measure], compareValue(r, measure));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'miq-kpi': MiqKpi;
  }
}
