/**
 * The deterministic parser's vocabulary: words → catalog members. Every member named here is checked against the
 * tenant's catalog before use, so a phrase whose member does not exist (yet) leads to a refusal, never a guess.
 */

/** Which fact family a question talks about, from context words ("email", "flow", "website"). */
export type MeasureContext = 'ads' | 'website' | 'email' | 'flow';

/** A measure phrase; `members` picks the member by context (falls back to `ads`, then the first entry). */
export interface MeasureWord {
  readonly phrases: readonly string[];
  readonly members: Partial<Record<MeasureContext, string>>;
  /** Lower is better (CPA, CPC): "best" sorts ascending. */
  readonly lowerIsBetter?: boolean;
}

export const MEASURE_WORDS: readonly MeasureWord[] = [
  { phrases: ['return on ad spend', 'roas'], members: { ads: 'ads.roas' } },
  {
    phrases: ['cost per acquisition', 'cost per conversion', 'cost per result', 'cpa'],
    members: { ads: 'ads.cpa' },
    lowerIsBetter: true,
  },
  { phrases: ['cost per click', 'cpc'], members: { ads: 'ads.cpc' }, lowerIsBetter: true },
  { phrases: ['cost per mille', 'cost per thousand', 'cpm'], members: { ads: 'ads.cpm' }, lowerIsBetter: true },
  { phrases: ['click-through rate', 'click through rate', 'ctr'], members: { ads: 'ads.ctr' } },
  {
    phrases: ['revenue per recipient', 'rpr'],
    members: { email: 'email_campaigns.revenue_per_recipient', flow: 'email_flows.revenue_per_recipient' },
  },
  { phrases: ['revenue per session'], members: { website: 'ga4.revenue_per_session' } },
  { phrases: ['value per conversion'], members: { website: 'ga4_conversions.value_per_conversion' } },
  { phrases: ['conversion rate', 'cvr'], members: { ads: 'ads.conversion_rate' } },
  { phrases: ['key event rate'], members: { website: 'ga4.key_event_rate' } },
  { phrases: ['engagement rate'], members: { website: 'ga4.engagement_rate' } },
  {
    phrases: ['open rate'],
    members: { email: 'email_campaigns.open_rate', flow: 'email_flows.open_rate' },
  },
  {
    phrases: ['click rate'],
    members: { email: 'email_campaigns.click_rate', flow: 'email_flows.click_rate' },
  },
  {
    phrases: ['unsubscribe rate', 'unsub rate'],
    members: { email: 'email_campaigns.unsubscribe_rate', flow: 'email_flows.unsubscribe_rate' },
    lowerIsBetter: true,
  },
  {
    phrases: ['bounce rate'],
    members: { email: 'email_campaigns.bounce_rate', flow: 'email_flows.bounce_rate' },
    lowerIsBetter: true,
  },
  {
    phrases: ['conversion value', 'revenue', 'sales value', 'purchase value'],
    members: {
      ads: 'ads.conversion_value',
      website: 'ga4.revenue',
      email: 'email_campaigns.revenue',
      flow: 'email_flows.revenue',
    },
  },
  { phrases: ['ad spend', 'spend', 'spent', 'cost', 'costs'], members: { ads: 'ads.spend' }, lowerIsBetter: true },
  { phrases: ['impressions', 'impression'], members: { ads: 'ads.impressions' } },
  {
    phrases: ['clicks', 'click'],
    members: { ads: 'ads.clicks', email: 'email_campaigns.clicks', flow: 'email_flows.clicks' },
  },
  {
    phrases: ['conversions', 'conversion', 'purchases', 'results'],
    members: {
      ads: 'ads.conversions',
      website: 'ga4_conversions.conversions',
      email: 'email_campaigns.conversions',
      flow: 'email_flows.conversions',
    },
  },
  { phrases: ['video views', 'views of videos'], members: { ads: 'ads.video_views' } },
  // Meta's campaign-day reach (unique people: valid per day and campaign only, the catalog's grain; the parser lands a
  // question on that grain and refuses a coarser breakdown, see landOnGrain in parse.ts)
  { phrases: ['reach'], members: { ads: 'meta_reach.reach' } },
  { phrases: ['frequency'], members: { ads: 'meta_reach.frequency' } },
  { phrases: ['engaged sessions'], members: { website: 'ga4.engaged_sessions' } },
  { phrases: ['sessions', 'visits', 'traffic'], members: { website: 'ga4.sessions', ads: 'ga4.sessions' } },
  { phrases: ['new users'], members: { website: 'ga4.new_users', ads: 'ga4.new_users' } },
  { phrases: ['users', 'visitors'], members: { website: 'ga4.users', ads: 'ga4.users' } },
  { phrases: ['page views', 'pageviews'], members: { website: 'ga4.page_views', ads: 'ga4.page_views' } },
  { phrases: ['key events'], members: { website: 'ga4.key_events', ads: 'ga4.key_events' } },
  { phrases: ['engagement time'], members: { website: 'ga4.engagement_seconds', ads: 'ga4.engagement_seconds' } },
  {
    phrases: ['recipients'],
    members: { email: 'email_campaigns.recipients', flow: 'email_flows.recipients', ads: 'email_campaigns.recipients' },
  },
  {
    phrases: ['delivered'],
    members: { email: 'email_campaigns.delivered', flow: 'email_flows.delivered', ads: 'email_campaigns.delivered' },
  },
  {
    phrases: ['opens'],
    members: { email: 'email_campaigns.opens', flow: 'email_flows.opens', ads: 'email_campaigns.opens' },
  },
  {
    phrases: ['unsubscribes', 'unsubscribed'],
    members: {
      email: 'email_campaigns.unsubscribes',
      flow: 'email_flows.unsubscribes',
      ads: 'email_campaigns.unsubscribes',
    },
  },
  {
    phrases: ['bounces'],
    members: { email: 'email_campaigns.bounces', flow: 'email_flows.bounces', ads: 'email_campaigns.bounces' },
  },
];

/** A dimension noun; `members` by context like measures. */
export interface DimensionWord {
  readonly nouns: readonly string[];
  readonly members: Partial<Record<MeasureContext, string>>;
}

export const DIMENSION_WORDS: readonly DimensionWord[] = [
  {
    nouns: ['campaign type', 'campaign types', 'channel type', 'channel types'],
    members: { ads: 'campaign.channel_type' },
  },
  { nouns: ['bidding strategy', 'bidding strategies', 'bid strategy'], members: { ads: 'campaign.bidding_strategy' } },
  { nouns: ['source/medium', 'source / medium', 'source medium'], members: { website: 'source_medium.key' } },
  {
    nouns: ['channel group', 'channel groups', 'default channel'],
    members: { website: 'source_medium.channel_group' },
  },
  {
    nouns: ['campaign', 'campaigns'],
    members: { ads: 'campaign.name', email: 'email_campaign.name' },
  },
  { nouns: ['flow', 'flows'], members: { flow: 'email_flow.name', email: 'email_flow.name' } },
  { nouns: ['device', 'devices', 'device type'], members: { ads: 'device.code', website: 'device.code' } },
  {
    nouns: ['platform', 'platforms', 'network', 'networks'],
    members: { ads: 'platform.code', website: 'platform.code' },
  },
  {
    nouns: ['account', 'accounts', 'ad account', 'ad accounts'],
    members: { ads: 'account.name', website: 'account.name' },
  },
  { nouns: ['country', 'countries'], members: { website: 'country.name' } },
  { nouns: ['region', 'regions', 'continent'], members: { website: 'country.region' } },
  {
    nouns: ['channel', 'channels'],
    members: {
      website: 'source_medium.channel_group',
      email: 'email_campaign.channel',
      flow: 'email_flow.trigger_type',
    },
  },
  {
    nouns: ['event', 'events', 'conversion action', 'conversion actions'],
    members: { website: 'conversion_action.name' },
  },
  { nouns: ['subject', 'subject line', 'subject lines'], members: { email: 'email_campaign.subject' } },
  { nouns: ['source', 'sources'], members: { website: 'source_medium.source' } },
  // Part-2 entities: the plain ad measures do not reach them, so "spend by keyword" is refused, never answered
  // without the grouping.
  { nouns: ['keyword', 'keywords'], members: { ads: 'keyword.text' } },
  { nouns: ['ad set', 'ad sets', 'adset', 'adsets'], members: { ads: 'ad_set.name' } },
  { nouns: ['ad group', 'ad groups', 'adgroup', 'adgroups'], members: { ads: 'ad_group.name' } },
  { nouns: ['ad', 'ads', 'creative', 'creatives'], members: { ads: 'ad.name' } },
  { nouns: ['audience', 'audiences'], members: { ads: 'audience.name' } },
  { nouns: ['search term', 'search terms', 'query', 'queries'], members: { ads: 'search_terms.term' } },
  // In an email question the hour and weekday are the campaign's send time (Klaviyo account's time zone).
  {
    nouns: ['hour', 'hours', 'hour of day', 'time of day', 'send hour', 'send hours', 'hour sent', 'sending hour'],
    members: { ads: 'hour_of_day.number', email: 'email_campaign.send_hour' },
  },
  {
    nouns: [
      'weekday',
      'weekdays',
      'day of week',
      'day of the week',
      'send weekday',
      'send day',
      'weekday sent',
      'day of week sent',
      'day of the week sent',
    ],
    members: { ads: 'weekday.name', email: 'email_campaign.send_weekday' },
  },
  {
    nouns: ['template', 'templates', 'template name', 'email template'],
    members: { email: 'email_campaign.template_name' },
  },
  { nouns: ['age', 'age group', 'gender'], members: { ads: 'demographics.age' } },
  { nouns: ['video', 'videos'], members: { ads: 'video.title' } },
  { nouns: ['list', 'lists'], members: { email: 'list.name', ads: 'list.name' } },
  { nouns: ['medium', 'mediums'], members: { website: 'source_medium.medium' } },
];

/** How a grain member reads in a sentence: `date.day` → "day", `campaign.id` → "campaign". */
export function grainWord(member: string): string {
  return member.startsWith('date.')
    ? member.slice('date.'.length)
    : (member.split('.')[0] as string).replace(/_/g, ' ');
}

/** A grain in words: `['date.day', 'campaign.id']` → "day and campaign". */
export function grainPhrase(grain: readonly string[]): string {
  const words = [...new Set(grain.map(grainWord))];
  return words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** Platform words → `platform.code`. */
export const PLATFORM_WORDS: readonly (readonly [RegExp, string])[] = [
  [/\b(google ads|google|adwords|youtube)\b/, 'google_ads'],
  [/\b(meta ads|meta|facebook|instagram|fb)\b/, 'meta'],
];

export const DEVICE_WORDS: readonly (readonly [RegExp, string])[] = [
  [/\b(mobile|phones?|smartphones?)\b/, 'mobile'],
  [/\b(desktops?|computers?)\b/, 'desktop'],
  [/\b(tablets?)\b/, 'tablet'],
];

/** Members whose values are offered as named entities ("spend for Search - Herb Seeds"). */
export const ENTITY_MEMBERS = [
  'campaign.name',
  'account.name',
  'email_campaign.name',
  'email_flow.name',
  'source_medium.channel_group',
  'country.name',
] as const;

/** Shown when a question cannot be answered: the parser proposes the closest of these it can answer. */
export const EXAMPLE_QUESTIONS: readonly string[] = [
  'How much did we spend last month?',
  'Spend by campaign last 30 days',
  'ROAS by platform this month vs previous period',
  'Top 5 campaigns by conversions last month',
  'Campaigns with ROAS below 2 last month',
  'CPA by week on Google Ads this quarter',
  'CTR by device last 7 days',
  'Conversion value since March 1',
  'Sessions by channel group last month',
  'Website revenue by country last 30 days',
  'Email open rate by campaign last month',
  'Flow revenue per recipient by flow this quarter',
  'Meta reach and frequency last week',
  'Clicks yesterday vs last year',
];
