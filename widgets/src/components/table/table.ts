import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { formatValue } from '../../i18n/format.js';
import { msg } from '../../i18n/messages.js';
import { membersOf } from '../../internal/csv.js';
import type { DashboardPanel } from '../../internal/dashboard-document.js';
import { MiqPanelElement } from '../../internal/miq-panel.js';
import type { MetricsResponse, MetricsRow, MetricsValue } from '../../internal/wire.js';
import { panelStyles, tokenStyles } from '../../styles/tokens.styles.js';
import { tableStyles } from './table.styles.js';

export type SortDirection = 'ascending' | 'descending';

/**
 * A sortable, paged table of a metrics query, formatted from the API's annotations. Inside a dashboard, choosing a
 * row's first cell cross-filters the other panels; rows along the drill hierarchy can be drilled into.
 *
 * @example
 * <miq-table api-base="…" token="…" heading="Campaigns"
 *            query='{"measures":["ads.spend"],"dimensions":["campaign.name"],"limit":50}'></miq-table>
 *
 * @fires miq-load - Rows loaded.
 * @fires miq-error - The query failed.
 * @fires miq-filter-change - A row was chosen as a cross-filter.
 * @fires miq-drill - Drilled down or back up.
 * @fires miq-export - CSV exported.
 * @csspart panel - The frame.
 * @csspart table - The table element.
 * @csspart pager - Paging controls.
 * @csspart drill - The drill path bar.
 * @csspart skeleton - Loading placeholder.
 * @csspart empty - Empty state.
 * @csspart error - Error state.
 * @csspart retry - Retry button.
 * @cssproperty --miq-color-border - Row separators.
 * @cssproperty --miq-color-accent - Selected row highlight.
 */
export class MiqTable extends MiqPanelElement {
  static override styles = [tokenStyles, panelStyles, tableStyles];
  protected readonly panelType = 'table' as const;

  /** Rows per page. */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 10;
  @state() sortMember: string | null = null;
  @state() sortDirection: SortDirection = 'descending';
  @state() page = 0;

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    const def = this.panelDefinition as (DashboardPanel & { pageSize?: number }) | undefined;
    if (def?.pageSize && !this.hasAttribute('page-size')) this.pageSize = def.pageSize;
  }

  override render() {
    const def = this.panelDefinition;
    const locale = this.env.locale;
    return html`<section class="panel" part="panel" aria-label=${def?.title || this.heading || nothing}>
      <header>
        <h3>${def?.title ?? this.heading ?? ''}</h3>
        ${this.renderIgnoredFilters()}
        <div class="toolbar">
          <button type="button" ?disabled=${this.panelState !== 'loaded'} @click=${() => this.exportCsv()}>
            ${msg(locale, 'exportCsv')}
          </button>
        </div>
      </header>
      ${this.renderDrillBar()}
      ${this.renderStates(
        (r) => this.renderTable(r),
        () => html`${[0, 1, 2, 3, 4].map(() => html`<div class="skeleton line"></div>`)}`,
      )}
    </section>`;
  }

  /** The loaded rows in the current sort order. */
  get sortedRows(): readonly MetricsRow[] {
    const rows = this.response?.rows ?? [];
    const member = this.sortMember;
    if (!member) return rows;
    const sign = this.sortDirection === 'ascending' ? 1 : -1;
    const key = (v: MetricsValue | undefined) => (v === null || v === undefined ? Number.NEGATIVE_INFINITY : v);
    return [...rows].sort((a, b) => {
      const x = key(a[member]);
      const y = key(b[member]);
      const nx = Number(x);
      const ny = Number(y);
      if (typeof x === 'number' || (Number.isFinite(nx) && Number.isFinite(ny) && x !== '' && y !== ''))
        return (nx - ny) * sign;
      return String(x).localeCompare(String(y), this.env.locale) * sign;
    });
  }

  /** Sorts by `member`; the same member again flips the direction. */
  sortBy(member: string): void {
    if (this.sortMember === member) {
      this.sortDirection = this.sortDirection === 'ascending' ? 'descending' : 'ascending';
    } else {
      this.sortMember = member;
      const format = this.response?.annotation[member]?.format;
      this.sortDirection = format ? 'descending' : 'ascending';
    }
    this.page = 0;
  }

  private renderTable(response: MetricsResponse) {
    const env = this.env;
    const query = this.effectiveQuery ?? {};
    const members = membersOf(response.rows, query);
    const measures = new Set(query.measures ?? []);
    const pages = Math.max(1, Math.ceil(response.rows.length / this.pageSize));
    const page = Math.min(this.page, pages - 1);
    const rows = this.sortedRows.slice(page * this.pageSize, (page + 1) * this.pageSize);
    const first = members[0] ?? '';
    const drillMember = this.drillMember;
    const cf = this.filterState?.crossFilter;
    const fmt = { locale: env.locale, ...(env.currency ? { currency: env.currency } : {}) };
    const title = (m: string) => response.annotation[m]?.title ?? m;
    return html`<div class="scroll">
        <table part="table">
          <caption class="sr-only">${this.panelDefinition?.title ?? ''} — ${msg(env.locale, 'rowsSummary', { count: response.rows.length })}</caption>
          <thead>
            <tr>
              ${members.map(
                (m, i) => html`<th
                  scope="col"
                  class="${measures.has(m) ? 'num' : ''} ${i > 3 ? 'secondary' : ''}"
                  aria-sort=${this.sortMember === m ? this.sortDirection : 'none'}
                >
                  <button type="button" data-member=${m} aria-label=${msg(env.locale, 'sortBy', { column: title(m) })} @click=${() => this.sortBy(m)}>
                    ${title(m)}${this.sortMember === m ? (this.sortDirection === 'ascending' ? ' ▲' : ' ▼') : ''}
                  </button>
                </th>`,
              )}
              ${this.canDrill ? html`<th scope="col"><span class="sr-only">${msg(env.locale, 'drillInto', { value: '' })}</span></th>` : nothing}
            </tr>
          </thead>
          <tbody>
            ${rows.map((row) => {
              const key = String(row[first] ?? '');
              const selected =
                !!cf && cf.sourcePanelId === this.panelId && cf.member === first && cf.values.includes(key);
              return html`<tr data-selected=${String(selected)}>
                ${members.map((m, i) => {
                  const text = formatValue(row[m], response.annotation[m], fmt);
                  const cls = `${measures.has(m) ? 'num' : ''} ${i > 3 ? 'secondary' : ''}`;
                  if (i === 0 && this.filterState && !measures.has(m))
                    return html`<th scope="row" class=${cls}>
                      <button type="button" class="select" aria-pressed=${String(selected)} @click=${() => this.selectForCrossFilter(m, key)}>${text}</button>
                    </th>`;
                  return i === 0
                    ? html`<th scope="row" class=${cls}>${text}</th>`
                    : html`<td class=${cls}>${text}</td>`;
                })}
                ${
                  this.canDrill && drillMember
                    ? html`<td>
                      <button type="button" class="drill" aria-label=${msg(env.locale, 'drillInto', { value: String(row[drillMember] ?? '') })}
                        @click=${() => this.drillDown(String(row[drillMember] ?? ''))}>›</button>
                    </td>`
                    : nothing
                }
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
      ${
        pages > 1
          ? html`<div class="pager" part="pager">
            <button type="button" aria-label=${msg(env.locale, 'previousPage')} ?disabled=${page === 0} @click=${() => {
              this.page = page - 1;
            }}>‹</button>
            <span aria-live="polite">${msg(env.locale, 'page', { page: page + 1, pages })}</span>
            <button type="button" aria-label=${msg(env.locale, 'nextPage')} ?disabled=${page >= pages - 1} @click=${() => {
              this.page = page + 1;
            }}>›</button>
          </div>`
          : nothing
      }`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'miq-table': MiqTable;
  }
}
