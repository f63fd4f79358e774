import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { emit } from '../../events/index.js';
import { msg } from '../../i18n/messages.js';
import type { Finding, RecommendResponse } from '../../internal/agents-wire.js';
import { getFindings, type MiqClientLike } from '../../internal/client.js';
import { formatEvidence, formatKind, humanize } from '../../internal/evidence-format.js';
import { formatOfMember, type MeasureFormats, measureFormats } from '../../internal/member-formats.js';
import { MiqAgentPanel } from '../../internal/miq-agent-panel.js';
import type { MetricsQuery } from '../../internal/wire.js';
import { agentStyles } from '../../styles/agent.styles.js';
import { panelStyles, tokenStyles } from '../../styles/tokens.styles.js';

type Loaded = RecommendResponse & { readonly formats: MeasureFormats };

/**
 * An agent's ranked findings for one agent dashboard (`POST /api/v1/agents/recommend`): each with its severity, the
 * entity, the evidence numbers (money in the tenant's currency), the estimated impact, the recommended action and a
 * "show the data" button that fires `miq-finding-open` with the metrics query behind the evidence. Rules the agent
 * cannot apply yet are listed as such, never hidden.
 *
 * @example
 * <miq-insights dashboard="search-terms" api-base="https://analytics.example.com" token="…"></miq-insights>
 *
 * @fires miq-load - Findings loaded (`rowCount` = number of findings).
 * @fires miq-error - The request failed.
 * @fires miq-finding-open - "Show the data" on a finding (detail: the finding and its evidence query).
 * @fires miq-token-expired - The token expired (only when this element owns its client).
 * @csspart panel - The frame.
 * @csspart findings - The ranked list.
 * @csspart finding - One finding.
 * @csspart severity - A finding's severity badge.
 * @csspart evidence - A finding's evidence numbers.
 * @csspart impact - A finding's estimated impact.
 * @csspart action - A finding's recommended action.
 * @csspart open - A finding's "show the data" button.
 * @csspart unavailable - Rules not checked yet.
 * @csspart skeleton - Loading placeholder.
 * @csspart empty - Empty state.
 * @csspart error - Error state.
 * @csspart retry - Retry button.
 * @cssproperty --miq-color-negative - High-severity badge.
 * @cssproperty --miq-color-accent - Medium-severity badge and links.
 */
export class MiqInsights extends MiqAgentPanel<Loaded> {
  static override styles = [tokenStyles, panelStyles, agentStyles];

  /** The agent dashboard whose findings to show (`budget-pacing`, `search-terms`, …). */
  @property() dashboard?: string;

  protected async fetchData(client: MiqClientLike, signal: AbortSignal): Promise<Loaded> {
    const [res, formats] = await Promise.all([
      getFindings(client, this.dashboard ?? '', signal),
      measureFormats(client),
    ]);
    return { ...res, formats };
  }

  protected requestKey(): string {
    return this.dashboard ?? '';
  }

  protected countOf(data: Loaded): number {
    return data.findings.length;
  }

  /** The findings shown, in the API's order (ranked by impact). */
  get findings(): readonly Finding[] {
    return this.data?.findings ?? [];
  }

  /** Fires `miq-finding-open` for a finding (the "show the data" button). */
  open(finding: Finding): boolean {
    return emit(this, 'miq-finding-open', {
      panelId: this.panelId,
      dashboard: this.dashboard ?? '',
      finding,
      query: finding.evidence.query as MetricsQuery,
    });
  }

  override render() {
    const title = this.panelTitle;
    return html`<section class="panel" part="panel" aria-label=${title || nothing}>
      <header><h3>${title}</h3>${
        this.panelState === 'loaded'
          ? html`<span class="muted">${msg(this.env.locale, 'findingsCount', { count: this.findings.length })}</span>`
          : nothing
      }</header>
      ${this.renderStates(
        (d) => html`<ol class="items" part="findings">${d.findings.map((f) => this.renderFinding(f, d.formats))}</ol>
          ${this.renderUnavailable(d)}`,
        (d) => html`<p class="state" part="empty" role="status">${msg(this.env.locale, 'noFindings')}</p>
          ${this.renderUnavailable(d)}`,
      )}
    </section>`;
  }

  private renderFinding(f: Finding, formats: MeasureFormats) {
    const locale = this.env.locale;
    const env = { locale, currency: f.currency, memberFormat: formatOfMember(formats, f.entity.member)?.format };
    const names = Object.keys(f.evidence.numbers);
    return html`<li class="item" part="finding" data-severity=${f.severity} data-id=${f.id}>
      <div class="line">
        <span class="badge" part="severity" data-severity=${f.severity}>${msg(locale, `severity_${f.severity}`)}</span>
        <strong class="title">${f.title}</strong>
      </div>
      <dl class="evidence" part="evidence" aria-label=${msg(locale, 'evidence')}>
        ${names.map(
          (n) =>
            html`<div data-name=${n}><dt>${humanize(n)}</dt><dd>${formatEvidence(n, f.evidence.numbers, env)}</dd></div>`,
        )}
      </dl>
      <p class="impact" part="impact">${
        f.impact === null
          ? msg(locale, 'impactUnknown')
          : msg(locale, 'impact', { value: formatKind(f.impact, 'currency', env) })
      }</p>
      <p class="action" part="action"><span class="muted">${msg(locale, 'recommendedAction')}</span> ${f.action}</p>
      <button type="button" class="open" part="open" aria-label=${`${msg(locale, 'showData')}: ${f.entity.label}`}
        @click=${() => this.open(f)}>${msg(locale, 'showData')}</button>
    </li>`;
  }

  private renderUnavailable(d: RecommendResponse) {
    if (d.unavailable.length === 0) return nothing;
    const rules = d.unavailable.map((u) => `${humanize(u.rule)} (${u.missing.join(', ')})`).join('; ');
    return html`<p class="muted unavailable" part="unavailable">${msg(this.env.locale, 'notChecked', { rules })}</p>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'miq-insights': MiqInsights;
  }
}
