import { consume } from '@lit/context';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { filterStateContext } from '../../context/env-context.js';
import { DATE_PRESETS, type DatePreset, type FilterState, INITIAL_FILTER_STATE } from '../../context/filter-state.js';
import { emit, type FilterChangeReason } from '../../events/index.js';
import { msg, msgOr } from '../../i18n/messages.js';
import { FILTERS, resolveFilter } from '../../internal/filter-names.js';
import { MiqElement } from '../../internal/miq-element.js';
import { tokenStyles } from '../../styles/tokens.styles.js';
import { filterBarStyles } from './filter-bar.styles.js';
import { MiqMultiSelect, type MultiSelectChange } from './multi-select.js';

export { FILTERS, resolveFilter };

/**
 * The dashboard's filters: a date range with presets, the comparison toggle, and multi-selects fed by
 * `/api/v1/filters/{type}` with search. Inside `<miq-dashboard>` it edits the dashboard's filter state; alone it keeps
 * its own (`value`) and hosts listen to `miq-filter-change`.
 *
 * @example
 * <miq-filter-bar api-base="…" token="…" filters="platform device"></miq-filter-bar>
 *
 * @fires miq-filter-change - The date range, comparison, a selection or the cross-filter changed.
 * @csspart bar - The row of controls.
 * @csspart date-range - The preset select.
 * @csspart compare - The comparison checkbox.
 * @csspart cross-filter - The chip of the current cross-filter selection.
 * @csspart locked - A filter the token locks (always applied, cannot be removed).
 * @cssproperty --miq-color-accent - Chip border.
 */
export class MiqFilterBar extends MiqElement {
  static override styles = [tokenStyles, filterBarStyles];

  /** Filter types to offer (attribute: space- or comma-separated), e.g. `platform device`. */
  @property({
    converter: {
      fromAttribute: (v: string | null) => (v ?? '').split(/[\s,]+/).filter(Boolean),
      toAttribute: (v: readonly string[]) => v.join(' '),
    },
  })
  filters: readonly string[] = [];

  /** The token's locked filters (member → values), shown as chips that cannot be removed. */
  @property({ attribute: false }) locked?: Readonly<Record<string, readonly (string | number)[]>>;

  /** The filter state when used without a dashboard. */
  @property({ attribute: false }) value: FilterState = INITIAL_FILTER_STATE;

  @consume({ context: filterStateContext, subscribe: true })
  @state()
  private dashboardState?: FilterState;

  override connectedCallback(): void {
    super.connectedCallback();
    if (!customElements.get('miq-multi-select')) customElements.define('miq-multi-select', MiqMultiSelect);
  }

  /** The state in force: the dashboard's, else this element's own. */
  get filterState(): FilterState {
    return this.dashboardState ?? this.value;
  }

  private change(next: FilterState, reason: FilterChangeReason): void {
    if (!this.dashboardState) this.value = next;
    emit(this, 'miq-filter-change', { state: next, reason });
  }

  override render() {
    const s = this.filterState;
    const locale = this.env.locale;
    const client = this.env.client;
    const cf = s.crossFilter;
    const hasSelections = Object.values(s.selections).some((v) => v.length > 0) || !!cf;
    return html`<div class="bar" part="bar" role="group" aria-label=${msg(locale, 'dateRange')}>
      <label>${msg(locale, 'dateRange')}
        <select part="date-range" @change=${(e: Event) =>
          this.change(
            { ...this.filterState, preset: (e.target as HTMLSelectElement).value as DatePreset },
            'date-range',
          )}>
          ${DATE_PRESETS.map((p) => html`<option value=${p} ?selected=${p === s.preset}>${msgOr(locale, `preset_${p}`, p)}</option>`)}
        </select>
      </label>
      <label><input type="checkbox" part="compare" .checked=${s.compare}
        @change=${(e: Event) => this.change({ ...this.filterState, compare: (e.target as HTMLInputElement).checked }, 'compare')} />
        ${msg(locale, 'compare')}</label>
      ${this.filters
        .filter((t) => t !== 'dateRange')
        .map((filterName) => {
          const { name, type, member } = resolveFilter(filterName);
          const selected = Object.entries(s.selections).find(([m]) => m === member)?.[1] ?? [];
          return html`<miq-multi-select .client=${client} data-theme=${this.env.theme} type=${type} member=${member} locale=${locale}
            label=${msgOr(locale, `filter_${name}`, name)} .selected=${selected}
            @change=${(e: CustomEvent<MultiSelectChange>) => {
              const { member: m, values } = e.detail;
              const current = this.filterState;
              const selections = { ...current.selections, [m]: values };
              if (values.length === 0) delete selections[m];
              this.change({ ...current, selections }, 'selection');
            }}></miq-multi-select>`;
        })}
      ${Object.entries(this.locked ?? {}).map(([member, values]) => {
        const name = Object.entries(FILTERS).find(([, f]) => f.member === member)?.[0];
        const filter = name ? msgOr(locale, `filter_${name}`, name) : member;
        return html`<span class="chip locked" part="locked">${msg(locale, 'lockedFilter', { filter, values: values.join(', ') })}</span>`;
      })}
      ${
        cf
          ? html`<span class="chip" part="cross-filter">${cf.values.join(', ')}
            <button type="button" aria-label=${msg(locale, 'clearSelection', { value: cf.values.join(', ') })}
              @click=${() => this.change({ ...this.filterState, crossFilter: null }, 'cross-filter')}>×</button></span>`
          : nothing
      }
      ${
        hasSelections
          ? html`<button type="button" class="clear" @click=${() => this.change({ ...this.filterState, selections: {}, crossFilter: null }, 'clear')}>
            ${msg(locale, 'clearFilters')}</button>`
          : nothing
      }
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'miq-filter-bar': MiqFilterBar;
  }
}
