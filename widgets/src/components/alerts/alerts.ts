import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { formatDate, formatDelta } from '../../i18n/format.js';
import { msg } from '../../i18n/messages.js';
import type { Alert, AlertsResponse } from '../../internal/agents-wire.js';
import { getAlerts, type MiqClientLike } from '../../internal/client.js';
import { sentimentOf } from '../../internal/direction.js';
import { formatKind, humanize, metricKind, type NumberKind } from '../../internal/evidence-format.js';
import { formatOfMember, type MeasureFormats, measureFormats } from '../../internal/member-formats.js';
import { MiqAgentPanel } from '../../internal/miq-agent-panel.js';
import { agentStyles } from '../../styles/agent.styles.js';
import { panelStyles, tokenStyles } from '../../styles/tokens.styles.js';

type Loaded = AlertsResponse & { readonly formats: MeasureFormats };

/** Sensitivities the control offers (the API accepts 2…10: a higher one reports only larger surprises). */
const SENSITIVITIES = [2, 3, 4, 5, 6, 7, 8, 9, 10] as const;

/**
 * Anomaly alerts on the tenant's daily KPIs (`GET /api/v1/alerts`): KPI, day, actual vs expected value, the change, and
 * the budget, bidding, campaign and ad-group setting changes of the 3 days before. A sensitivity control re-asks the
 * API (default: the tenant's).
 *
 * @example
 * <miq-alerts api-base="https://analytics.example.com" token="…" sensitivity="5"></miq-alerts>
 *
 * @fires miq-load - Alerts loaded (`rowCount` = number of alerts).
 * @fires miq-error - The request failed.
 * @fires miq-token-expired - The token expired (only when this element owns its client).
 * @csspart panel - The frame.
 * @csspart sensitivity - The sensitivity control.
 * @csspart table - The alerts table.
 * @csspart alert - One alert row.
 * @csspart severity - An alert's severity badge.
 * @csspart changes - An alert's setting changes.
 * @csspart skeleton - Loading placeholder.
 * @csspart empty - Empty state.
 * @csspart error - Error state.
 * @csspart retry - Retry button.
 * @cssproperty --miq-color-positive - Good-news changes.
 * @cssproperty --miq-color-negative - Bad-news changes and high severity.
 */
export class MiqAlerts extends MiqAgentPanel<Loaded> {
  static override styles = [tokenStyles, panelStyles, agentStyles];

  /** Detection sensitivity, 2…10 (robust z-score threshold); unset: the tenant's. */
  @property({ type: Number }) sensitivity?: number;
  /** Days to look back; unset: the API's default (90). */
  @property({ type: Number }) days?: number;

  /** The tenant's own sensitivity, learnt from the first answer without an override. */
  @state() private defaultSensitivity?: number;

  protected async fetchData(client: MiqClientLike, signal: AbortSignal): Promise<Loaded> {
    const [res, formats] = await Promise.all([
      getAlerts(
        client,
        {
          ...(this.sensitivity === undefined ? {} : { sensitivity: this.sensitivity }),
          ...(this.days === undefined ? {} : { days: this.days }),
        },
        signal,
      ),
      measureFormats(client),
    ]);
    if (this.sensitivity === undefined) this.defaultSensitivity = res.sensitivity;
    return { ...res, formats };
  }

  protected requestKey(): string {
    return `${this.sensitivity ?? ''}|${this.days ?? ''}`;
  }

  protected countOf(data: Loaded): number {
    return data.alerts.length;
  }

  /** The alerts shown, in the API's order. */
  get alerts(): readonly Alert[] {
    return this.data?.alerts ?? [];
  }

  override render() {
    const title = this.panelTitle;
    return html`<section class="panel" part="panel" aria-label=${title || nothing}>
      <header>
        <h3>${title}</h3>
        ${this.renderControl()}
      </header>
      ${this.renderStates(
        (d) => this.renderTable(d),
        (d) =>
          html`<p class="state" part="empty" role="status">${msg(this.env.locale, 'noAlerts', {
            from: formatDate(d.window[0], this.env),
            to: formatDate(d.window[1], this.env),
            sensitivity: d.sensitivity,
          })}</p>`,
      )}
    </section>`;
  }

  private renderControl() {
    const locale = this.env.locale;
    const current = this.sensitivity ?? this.data?.sensitivity ?? this.defaultSensitivity;
    const base = this.defaultSensitivity;
    const values = [...new Set([...SENSITIVITIES, ...(current === undefined ? [] : [current])])].sort((a, b) => a - b);
    return html`<label class="toolbar">${msg(locale, 'sensitivity')}
      <select part="sensitivity" ?disabled=${current === undefined}
        @change=${(e: Event) => {
          this.sensitivity = Number((e.target as HTMLSelectElement).value);
        }}>
        ${values.map(
          (v) =>
            html`<option value=${v} ?selected=${v === current}>${v === base ? msg(locale, 'sensitivityDefault', { value: v }) : v}</option>`,
        )}
      </select></label>`;
  }

  private renderTable(d: Loaded) {
    const env = this.env;
    const locale = env.locale;
    return html`<p class="muted">${msg(locale, 'alertsWindow', {
      from: formatDate(d.window[0], env),
      to: formatDate(d.window[1], env),
    })}</p>
    <div class="scroll"><table part="table">
      <thead><tr>
        <th scope="col">${msg(locale, 'col_kpi')}</th>
        <th scope="col">${msg(locale, 'col_date')}</th>
        <th scope="col">${msg(locale, 'col_actual')}</th>
        <th scope="col">${msg(locale, 'col_expected')}</th>
        <th scope="col">${msg(locale, 'col_change')}</th>
        <th scope="col">${msg(locale, 'col_changes')}</th>
      </tr></thead>
      <tbody>${d.alerts.map((a) => this.renderAlert(a, d.formats))}</tbody>
    </table></div>`;
  }

  /** The KPI's name, kind and currency: from the catalog when it knows the member, else from the KPI's name. */
  private describe(a: Alert, formats: MeasureFormats): { label: string; kind: NumberKind; currency: string } {
    const known = formatOfMember(formats, a.member);
    const [base = a.kpi, scope] = a.kpi.split(':');
    const name = known && !a.member.includes('+') ? known.title : humanize(base);
    return {
      label: scope ? `${name} (${scope})` : name,
      kind: metricKind(base, known?.format),
      currency: known?.currency ?? this.env.currency ?? 'USD',
    };
  }

  private renderAlert(a: Alert, formats: MeasureFormats) {
    const env = this.env;
    const locale = env.locale;
    const { label, kind, currency } = this.describe(a, formats);
    const fmt = (n: number) => formatKind(n, kind, { locale, currency });
    return html`<tr part="alert" data-id=${a.id} data-severity=${a.severity}>
      <th scope="row"><span class="badge" part="severity" data-severity=${a.severity}>${msg(locale, `severity_${a.severity}`)}</span>
        ${label}</th>
      <td>${formatDate(a.date, env)}</td>
      <td class="num actual">${fmt(a.value)}</td>
      <td class="num expected">${fmt(a.expected)}</td>
      <td class="num change" data-sentiment=${sentimentOf(a.relativeChange, a.member.split('+')[0] ?? a.member)}>${formatDelta(a.relativeChange, locale)}</td>
      <td>${
        a.changes.length === 0
          ? html`<span class="muted">${msg(locale, 'noSettingChanges')}</span>`
          : html`<ul class="changes" part="changes">${a.changes.map(
              (c) => html`<li>${formatDate(c.date, env)}: ${c.entity} — ${c.detail}</li>`,
            )}</ul>`
      }</td>
    </tr>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'miq-alerts': MiqAlerts;
  }
}
