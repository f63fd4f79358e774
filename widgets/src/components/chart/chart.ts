import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ChartHandle } from '../../charts/runtime.js';
import { isVegaSpec } from '../../charts/spec-kind.js';
import { chartSummary } from '../../charts/summary.js';
import { watchTheme } from '../../charts/theme-watcher.js';
import { readTokens } from '../../charts/themes/read-tokens.js';
import { emit } from '../../events/index.js';
import { formatValue } from '../../i18n/format.js';
import { msg } from '../../i18n/messages.js';
import { download, membersOf } from '../../internal/csv.js';
import type { ChartPanel, DashboardPanel } from '../../internal/dashboard-document.js';
import { renameField } from '../../internal/drill.js';
import { MiqPanelElement } from '../../internal/miq-panel.js';
import type { MetricsQuery, MetricsResponse } from '../../internal/wire.js';
import { panelStyles, tokenStyles } from '../../styles/tokens.styles.js';
import { chartStyles } from './chart.styles.js';

type Runtime = typeof import('../../charts/runtime.js');
let runtimePromise: Promise<Runtime> | null = null;
let drawQueue: Promise<void> = Promise.resolve();
/**
 * The chart runtime (Vega + the expression interpreter) is a lazy chunk, loaded once, as soon as a chart is on screen
 * (in parallel with its data); the Vega-Lite compiler chunk too, unless the spec is precompiled Vega.
 */
function loadRuntime(spec?: Record<string, unknown>): Promise<Runtime> {
  runtimePromise ??= import('../../charts/runtime.js');
  // the module map caches the import, so asking again is free
  if (spec && !isVegaSpec(spec)) void import('../../charts/compile.js');
  return runtimePromise;
}

/**
 * One Vega-Lite chart bound to a metrics query: either a panel of a dashboard (`dashboard` + `panel`), or inline
 * (`query` + `spec`, the spec reading `data: { name: 'rows' }` and fields named after the query's members).
 * The chart runtime loads only once the chart is on screen. Colours come from the design tokens.
 * Click a mark to cross-filter the dashboard; double-click (or use the table view) to drill down.
 *
 * @example
 * <miq-chart api-base="…" token="…" heading="Spend by platform"
 *   query='{"measures":["ads.spend"],"dimensions":["platform.code"]}'
 *   spec='{"mark":"bar","encoding":{"x":{"field":"platform.code","type":"nominal"},"y":{"field":"ads.spend","type":"quantitative"}}}'></miq-chart>
 *
 * @fires miq-load - Data loaded.
 * @fires miq-error - The query failed.
 * @fires miq-filter-change - A mark was chosen as a cross-filter.
 * @fires miq-drill - Drilled down or back up.
 * @fires miq-export - CSV or PNG exported.
 * @csspart panel - The frame.
 * @csspart chart - The chart drawing.
 * @csspart summary - The text summary.
 * @csspart data-table - The "view as table" alternative.
 * @csspart drill - The drill path bar.
 * @csspart skeleton - Loading placeholder.
 * @csspart empty - Empty state.
 * @csspart error - Error state.
 * @csspart retry - Retry button.
 * @cssproperty --miq-color-series-1 - First series colour (up to --miq-color-series-8).
 * @cssproperty --miq-color-text - Axis titles and legends.
 * @cssproperty --miq-color-text-muted - Axis labels.
 * @cssproperty --miq-color-grid - Grid lines.
 */
export class MiqChart extends MiqPanelElement {
  static override styles = [tokenStyles, panelStyles, chartStyles];
  protected readonly panelType = 'chart' as const;

  /** The Vega-Lite spec for inline use (JSON attribute or property). */
  @property({ type: Object }) spec?: Record<string, unknown>;
  /** Show the data as a table instead of the chart. */
  @property({ type: Boolean, attribute: 'table-view', reflect: true }) tableView = false;

  @state() private onScreen = false;

  private handle: ChartHandle | null = null;
  private renderedKey = '';
  private renderedContainer: Element | null = null;
  private drawingKey = '';
  private drawingContainer: Element | null = null;
  private renderSeq = 0;
  private intersection: IntersectionObserver | null = null;
  private resize: ResizeObserver | null = null;
  private unwatchTheme: (() => void) | null = null;
  private width = 0;
  private renderWaiters: (() => void)[] = [];

  protected override inlineDefinition(query: MetricsQuery): DashboardPanel {
    return {
      id: this.panel ?? this.id ?? 'inline',
      type: 'chart',
      title: this.heading ?? '',
      query,
      spec: this.spec ?? {},
    };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.intersection = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        this.onScreen = true;
        this.intersection?.disconnect();
      }
    });
    this.intersection.observe(this);
    this.resize = new ResizeObserver(() => {
      const w = this.chartContainer?.clientWidth ?? 0;
      if (Math.abs(w - this.width) > 8) this.requestUpdate();
    });
    this.resize.observe(this);
    this.unwatchTheme = watchTheme(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.intersection?.disconnect();
    this.resize?.disconnect();
    this.unwatchTheme?.();
    this.handle?.finalize();
    this.handle = null;
    this.renderedKey = '';
    this.drawingKey = '';
  }

  private get chartContainer(): HTMLElement | null {
    return this.renderRoot?.querySelector<HTMLElement>('.chart') ?? null;
  }

  /** The Vega view once drawn (for hosts that want the scenegraph). */
  get view(): ChartHandle['view'] | null {
    return this.handle?.view ?? null;
  }

  /** Resolves once the chart has been drawn for the current data and theme. */
  whenRendered(): Promise<void> {
    if (this.handle && !this.isRenderPending()) return Promise.resolve();
    return new Promise((resolve) => this.renderWaiters.push(resolve));
  }

  private isRenderPending(): boolean {
    return this.renderKey() !== this.renderedKey || this.renderedContainer !== this.chartContainer;
  }

  override render() {
    const def = this.panelDefinition;
    const locale = this.env.locale;
    const loaded = this.panelState === 'loaded';
    return html`<section class="panel" part="panel" aria-label=${def?.title || this.heading || nothing}>
      <header>
        <h3>${def?.title ?? this.heading ?? ''}</h3>
        ${this.renderIgnoredFilters()}
        <div class="toolbar">
          <button type="button" class="toggle-table" aria-pressed=${String(this.tableView)} ?disabled=${!loaded}
            @click=${() => {
              this.tableView = !this.tableView;
            }}>
            ${msg(locale, this.tableView ? 'viewAsChart' : 'viewAsTable')}
          </button>
          <button type="button" class="export-csv" ?disabled=${!loaded} @click=${() => this.exportCsv()}>${msg(locale, 'exportCsv')}</button>
          <button type="button" class="export-png" ?disabled=${!loaded || this.tableView} @click=${() => this.exportPng()}>${msg(locale, 'exportPng')}</button>
        </div>
      </header>
      ${this.renderDrillBar()}
      ${this.renderStates(
        (r) => this.renderFigure(r),
        () => html`<div class="skeleton block"></div>`,
      )}
    </section>`;
  }

  private summaryFor(response: MetricsResponse): string {
    const q = this.effectiveQuery ?? {};
    const env = this.env;
    const label = (q.dimensions ?? [])[0] ?? q.timeDimension?.dimension;
    return chartSummary(this.panelDefinition?.title ?? this.heading ?? '', response, q.measures?.[0], label, {
      locale: env.locale,
      ...(env.currency ? { currency: env.currency } : {}),
    });
  }

  private renderFigure(response: MetricsResponse) {
    const summary = this.summaryFor(response);
    return html`<figure>
      <div class="chart" part="chart" ?hidden=${this.tableView}></div>
      ${this.tableView ? this.renderDataTable(response) : nothing}
      <figcaption class="summary" part="summary">${summary}</figcaption>
    </figure>`;
  }

  private renderDataTable(response: MetricsResponse) {
    const env = this.env;
    const q = this.effectiveQuery ?? {};
    const members = membersOf(response.rows, q);
    const measures = new Set(q.measures ?? []);
    const fmt = { locale: env.locale, ...(env.currency ? { currency: env.currency } : {}) };
    const drillMember = this.drillMember;
    const crossMember = this.crossFilterMember;
    return html`<table part="data-table">
      <thead><tr>
        ${members.map((m) => html`<th scope="col">${response.annotation[m]?.title ?? m}</th>`)}
        ${this.canDrill ? html`<th scope="col"><span class="sr-only">${msg(env.locale, 'drillInto', { value: '' })}</span></th>` : nothing}
      </tr></thead>
      <tbody>
        ${response.rows.map(
          (row) => html`<tr>
            ${members.map((m, i) => {
              const text = formatValue(row[m], response.annotation[m], fmt);
              if (i === 0 && crossMember === m && this.filterState)
                return html`<th scope="row"><button type="button" class="select" @click=${() => this.selectForCrossFilter(m, String(row[m]))}>${text}</button></th>`;
              return i === 0
                ? html`<th scope="row">${text}</th>`
                : html`<td class=${measures.has(m) ? 'num' : ''}>${text}</td>`;
            })}
            ${
              this.canDrill && drillMember
                ? html`<td><button type="button" class="drill" aria-label=${msg(env.locale, 'drillInto', { value: String(row[drillMember]) })}
                    @click=${() => this.drillDown(String(row[drillMember]))}>›</button></td>`
                : nothing
            }
          </tr>`,
        )}
      </tbody>
    </table>`;
  }

  /** The member a click on a mark selects: the drill-level member, else the first dimension. */
  private get crossFilterMember(): string | null {
    return this.drillMember ?? this.effectiveQuery?.dimensions?.[0] ?? null;
  }

  private get chartSpec(): Record<string, unknown> {
    const def = this.panelDefinition as ChartPanel | undefined;
    let spec = def?.spec ?? this.spec ?? {};
    const top = (def?.query.dimensions ?? []).find((d) => d === this.drillPath[0]?.member);
    const current = this.drillMember;
    if (top && current) spec = renameField(spec, top, current);
    return spec;
  }

  private renderKey(): string {
    const container = this.chartContainer;
    if (!container) return '';
    return JSON.stringify([
      this.effectiveQuery,
      this.drillPath,
      readTokens(container),
      this.chartSpec,
      Math.round(container.clientWidth / 8),
    ]);
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    super.updated(changed);
    if (this.onScreen && this.panelDefinition) void loadRuntime(this.chartSpec);
    const container = this.chartContainer;
    const response = this.response;
    if (!container || !response || this.tableView || !this.onScreen || this.panelState !== 'loaded') return;
    const key = this.renderKey();
    if (key === this.renderedKey && container === this.renderedContainer) return;
    // the same drawing is already on its way: do not queue it again
    if (key === this.drawingKey && container === this.drawingContainer) return;
    void this.draw(container, response, key);
  }

  private async draw(container: HTMLElement, response: MetricsResponse, key: string): Promise<void> {
    const seq = ++this.renderSeq;
    this.drawingKey = key;
    this.drawingContainer = container;
    const runtime = await loadRuntime();
    // charts draw one per task, so the browser can paint the first before the others are done
    const turn = drawQueue.then(() => new Promise<void>((r) => setTimeout(r, 0)));
    drawQueue = turn;
    await turn;
    if (seq !== this.renderSeq || !container.isConnected) return;
    this.width = container.clientWidth;
    const tokens = readTokens(container);
    const spec = this.chartSpec;
    const member = this.crossFilterMember;
    try {
      const handle = await runtime.renderChart(container, spec, response.rows, tokens, {
        width: Math.max(120, this.width),
        locale: { tag: this.env.locale, currency: this.currencyOf(response) },
        annotation: response.annotation,
        description: this.summaryFor(response),
        onSelect: (datum) => {
          if (member && datum[member] !== undefined) this.selectForCrossFilter(member, String(datum[member]));
        },
        onActivate: (datum) => {
          const m = this.drillMember;
          if (m && datum[m] !== undefined) this.drillDown(String(datum[m]));
        },
      });
      if (seq !== this.renderSeq) {
        handle.finalize();
        return;
      }
      this.handle?.finalize();
      this.handle = handle;
      this.renderedKey = key;
      this.renderedContainer = container;
      const waiters = this.renderWaiters;
      this.renderWaiters = [];
      for (const w of waiters) w();
    } catch (error) {
      const e = error as Error;
      emit(this, 'miq-error', { panelId: this.panelId, code: 'chart_spec_invalid', message: e.message, status: 0 });
    }
  }

  /** The currency of the response's money members (the tenant's reporting currency), else the setting. */
  private currencyOf(response: MetricsResponse): string {
    const annotated = Object.values(response.annotation).find((a) => a.currency)?.currency;
    return annotated ?? this.env.currency ?? 'USD';
  }

  /** Exports the chart as PNG (`miq-export`; downloads unless a listener prevents the default). */
  async exportPng(): Promise<string | null> {
    if (!this.handle) return null;
    const data = await this.handle.toPng(2);
    const filename = `${this.panelId}.png`;
    if (emit(this, 'miq-export', { panelId: this.panelId, format: 'png', filename, data }))
      download(filename, data, 'image/png');
    return data;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'miq-chart': MiqChart;
  }
}
