import { consume } from '@lit/context';
import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { filterStateContext } from '../../context/env-context.js';
import { DATE_PRESETS, type DatePreset, type FilterState, INITIAL_FILTER_STATE } from '../../context/filter-state.js';
import { emit, type FilterChangeReason } from '../../events/index.js';
import { msg, msgOr } from '../../i18n/messages.js';
import { MiqElement } from '../../internal/miq-element.js';
import { tokenStyles } from '../../styles/tokens.styles.js';
import { filterBarStyles } from './filter-bar.styles.js';
import { MiqMultiSelect, type MultiSelectChange } from './multi-select.js';

/**
 * Dashboard filter names (as DASHBOARDS.md writes them) → the API's filter type (`GET /api/v1/filters/{type}`) and the
 * member its values filter (the API's response names the member too, and wins). API type names work as-is.
 */
export const FILTERS: Readonly<Record<string, { readonly type: string; readonly member: string }>> = {
  platform: { type: 'platforms', member: 'platform.code' },
  account: { type: 'accounts', member: 'account.id' },
  campaign: { type: 'campaigns', member: 'campaign.id' },
  adGroup: { type: 'ad-groups', member: 'ad_group.id' },
  adSet: { type: 'ad-sets', member: 'ad_set.id' },
  ad: { type: 'ads', member: 'ad.id' },
  keyword: { type: 'keywords', member: 'keyword.id' },
  device: { type: 'devices', member: 'device.code' },
  country: { type: 'countries', member: 'country.code' },
  sourceMedium: { type: 'source-medium', member: 'source_medium.key' },
  emailCampaign: { type: 'email-campaigns', member: 'email_campaign.id' },
  flow: { type: 'flows', member: 'email_flow.id' },
  list: { type: 'lists', member: 'list.id' },
  segment: { type: 'segments', member: 'segment.id' },
};

/** The filter for a name from a dashboard document: a known name, an API type, or `<name>.id` as a last resort. */
export function resolveFilter(name: string): { readonly name: string; readonly type: string; readonly member: string } {
  const known = FILTERS[name];
  if (known) return { name, ...known };
  const byType = Object.entries(FILTERS).find(([, f]) => f.type === name);
  if (byType) return { name: byType[0], ...byType[1] };
  return { name, type: name, member: `${name}.id` };
}

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
