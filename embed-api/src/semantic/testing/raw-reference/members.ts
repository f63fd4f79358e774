/**
 * What each catalog member means over the reference tables: an additive column, or a ratio of sums of two columns
 * (ARCHITECTURE.md: ratios are ratios of sums; a zero denominator gives null). Written from DASHBOARDS.md and the
 * marketing definitions, not read from the catalog, so a wrong catalog formula fails the panel tests.
 */
import { ADS, ADS_DIMS, EMAIL_CAMPAIGNS, EMAIL_FLOWS, GA4, GA4_CONVERSIONS } from './facts-part1.js';
import { PART2_FACTS } from './facts-part2.js';

export interface RefFact {
  /** select with `d` (date), the dimension columns in `dims` and the measure columns */
  readonly sql: string;
  readonly dims: readonly string[];
}

export type RefMeasure =
  | { readonly kind: 'sum'; readonly fact: string; readonly column: string }
  | { readonly kind: 'max'; readonly fact: string; readonly column: string }
  /** the value of each entity's last change in the group (and time bucket), summed over entities */
  | { readonly kind: 'last'; readonly fact: string; readonly column: string; readonly entity: string }
  /**
   * the value in effect on a day (each entity's latest change on or before it, however long ago), summed over
   * entities; per time bucket the bucket's last day inside the range, without a bucket the range's last day
   */
  | { readonly kind: 'in_effect'; readonly fact: string; readonly column: string; readonly entity: string }
  | {
      readonly kind: 'ratio';
      readonly fact: string;
      readonly num: string;
      readonly den: string;
      readonly scale?: number;
    };

export const FACTS: Readonly<Record<string, RefFact>> = {
  ads: { sql: ADS, dims: ADS_DIMS },
  ga4: {
    sql: GA4,
    dims: [
      'platform.code',
      'platform.name',
      'source_medium.key',
      'source_medium.source',
      'source_medium.medium',
      'source_medium.channel_group',
      'country.code',
      'country.name',
      'device.code',
      'device.name',
    ],
  },
  ga4_conversions: {
    sql: GA4_CONVERSIONS,
    dims: [
      'platform.code',
      'conversion_action.key',
      'conversion_action.name',
      'conversion_action.category',
      'source_medium.key',
      'source_medium.channel_group',
    ],
  },
  email_campaigns: {
    sql: EMAIL_CAMPAIGNS,
    dims: [
      'platform.code',
      'email_campaign.name',
      'email_campaign.channel',
      'email_campaign.subject',
      'email_campaign.template_id',
      'email_campaign.template_name',
      'email_campaign.send_hour',
      'email_campaign.send_weekday',
    ],
  },
  email_flows: {
    sql: EMAIL_FLOWS,
    dims: [
      'platform.code',
      'email_flow.name',
      'email_flow.trigger_type',
      'email_flow.status',
      'email_flows.message_id',
      'email_flows.message_name',
    ],
  },
  ...PART2_FACTS,
};

const sums = (fact: string, cols: readonly string[]): Record<string, RefMeasure> =>
  Object.fromEntries(cols.map((c) => [`${fact}.${c}`, { kind: 'sum', fact, column: c } as const]));
const ratio = (fact: string, num: string, den: string, scale?: number): RefMeasure => ({
  kind: 'ratio',
  fact,
  num,
  den,
  ...(scale === undefined ? {} : { scale }),
});

/** spend, impressions, clicks, conversions, conversion value and their ratios (the paid-media facts). */
const paid = (fact: string, extra: readonly string[] = []): Record<string, RefMeasure> => ({
  ...sums(fact, ['spend', 'impressions', 'clicks', 'conversions', 'conversion_value', ...extra]),
  [`${fact}.ctr`]: ratio(fact, 'clicks', 'impressions'),
  [`${fact}.cpc`]: ratio(fact, 'spend', 'clicks'),
  [`${fact}.cpm`]: ratio(fact, 'spend', 'impressions', 1000),
  [`${fact}.cpa`]: ratio(fact, 'spend', 'conversions'),
  [`${fact}.roas`]: ratio(fact, 'conversion_value', 'spend'),
  [`${fact}.conversion_rate`]: ratio(fact, 'conversions', 'clicks'),
});

const email = (fact: string): Record<string, RefMeasure> => ({
  ...sums(fact, [
    'recipients',
    'delivered',
    'unique_opens',
    'unique_clicks',
    'bounces',
    'unsubscribes',
    'spam_complaints',
    'conversions',
    'revenue',
  ]),
  [`${fact}.open_rate`]: ratio(fact, 'unique_opens', 'delivered'),
  [`${fact}.click_rate`]: ratio(fact, 'unique_clicks', 'delivered'),
  [`${fact}.unsubscribe_rate`]: ratio(fact, 'unsubscribes', 'delivered'),
  [`${fact}.bounce_rate`]: ratio(fact, 'bounces', 'recipients'),
  [`${fact}.revenue_per_recipient`]: ratio(fact, 'revenue', 'recipients'),
});

export const MEASURES: Readonly<Record<string, RefMeasure>> = {
  ...paid('ads', ['video_views']),
  ...sums('ga4', ['sessions', 'engaged_sessions', 'new_users', 'key_events', 'revenue']),
  'ga4.engagement_rate': ratio('ga4', 'engaged_sessions', 'sessions'),
  ...sums('ga4_conversions', ['conversions', 'value']),
  'ga4_conversions.value_per_conversion': ratio('ga4_conversions', 'value', 'conversions'),
  ...email('email_campaigns'),
  ...email('email_flows'),
  ...paid('campaign_hourly'),
  ...paid('ad_groups'),
  ...paid('keywords'),
  ...paid('ad_sets'),
  ...paid('ad_performance'),
  ...paid('search_terms'),
  ...paid('demographics'),
  ...paid('audiences'),
  ...sums('ecommerce', ['items_viewed', 'items_added_to_cart', 'items_purchased', 'item_revenue']),
  ...sums('video_performance', ['spend', 'plays', 'p25', 'p50', 'p75', 'p95', 'p100']),
  'video_performance.p25_rate': ratio('video_performance', 'p25', 'plays'),
  'video_performance.p50_rate': ratio('video_performance', 'p50', 'plays'),
  'video_performance.p75_rate': ratio('video_performance', 'p75', 'plays'),
  'video_performance.p95_rate': ratio('video_performance', 'p95', 'plays'),
  'video_performance.completion_rate': ratio('video_performance', 'p100', 'plays'),
  'video_performance.cost_per_completed_view': ratio('video_performance', 'spend', 'p100'),
  ...sums('ad_reactions', ['reactions']),
  ...sums('lists', ['adds', 'removals', 'net_growth']),
  ...sums('segments', ['adds', 'removals', 'net_growth']),
  ...sums('campaign_changes', ['changes']),
  ...sums('ad_group_changes', ['changes']),
  'ad_group_changes.cpc_bid': { kind: 'max', fact: 'ad_group_changes', column: 'cpc_bid' },
  ...sums('bidding_changes', ['changes']),
  'bidding_changes.target_cpa': { kind: 'max', fact: 'bidding_changes', column: 'target_cpa' },
  'bidding_changes.target_roas': { kind: 'max', fact: 'bidding_changes', column: 'target_roas' },
  ...sums('budget_changes', ['changes']),
  'budget_changes.daily_budget': { kind: 'last', fact: 'budget_changes', column: 'daily_budget', entity: 'entity' },
  'budget_changes.budget_in_effect': {
    kind: 'in_effect',
    fact: 'budget_changes',
    column: 'daily_budget',
    entity: 'entity',
  },
};
