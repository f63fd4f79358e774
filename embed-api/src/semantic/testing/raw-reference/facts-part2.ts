/**
 * Part-2 reference tables (issue 5) over the raw Fivetran tables; see facts-part1.ts for the conventions.
 * Current names come from the newest row of each history table.
 */

import { CHANGE_FACTS } from './facts-changes.js';
import { ADS_DIMS, adsDims, adsJoins } from './facts-part1.js';
import type { RefFact } from './members.js';

const device = (expr: string) => `case
  when ${expr} is null then 'other'
  when lower(${expr}) in ('desktop', 'computer') then 'desktop'
  when lower(${expr}) in ('mobile', 'mobile_app', 'mobile_web', 'iphone', 'android_smartphone', 'smartphone',
                          'high_end_mobile_devices') then 'mobile'
  when lower(${expr}) in ('tablet', 'ipad', 'android_tablet') then 'tablet'
  else 'other' end`;

const latest = (table: string, key: string, order: string) =>
  `(select * from raw.${table} qualify row_number() over (partition by ${key} order by ${order} desc) = 1)`;

/** Google Ads stats tables share their columns: money in micros, device, customer and campaign ids. */
const googleStats = (table: string, extra: string, deviceColumn = 's.device') => `
  select s."date" as d, 'google_ads' as platform, cast(s.customer_id as varchar) as account_id,
    cast(s.campaign_id as varchar) as campaign_id, ${deviceColumn === 'none' ? "'other'" : device(deviceColumn)} as device_code, ${extra},
    s.cost_micros / 1e6 as spend, s.impressions, s.clicks, s.conversions, s.conversions_value as conversion_value
  from raw.google_ads.${table} s`;

const PAID = 'x.spend, x.impressions, x.clicks, x.conversions, x.conversion_value';

const metaPurchases = (table: string, keys: string) => `
  select ${keys}, sum(value) as v from raw.facebook_ads.${table}
  where action_type = 'offsite_conversion.fb_pixel_purchase' group by all`;

/** Meta ad × device rows with purchases (the one counted conversion action type). */
const META_AD_DEVICE = `
  select r."date" as d, 'meta' as platform, cast(r.account_id as varchar) as account_id,
    cast(r.campaign_id as varchar) as campaign_id, ${device('r.device_platform')} as device_code,
    cast(r.adset_id as varchar) as ad_set_id, cast(r.ad_id as varchar) as ad_id,
    r.spend, r.impressions, r.inline_link_clicks as clicks, coalesce(n.v, 0) as conversions,
    coalesce(v.v, 0) as conversion_value
  from raw.facebook_ads.ad_device_report r
  left join (${metaPurchases('ad_device_report_actions', '"date", ad_id, device_platform')}) n
    on n."date" = r."date" and n.ad_id = r.ad_id and n.device_platform = r.device_platform
  left join (${metaPurchases('ad_device_report_action_values', '"date", ad_id, device_platform')}) v
    on v."date" = r."date" and v.ad_id = r.ad_id and v.device_platform = r.device_platform`;

const CAMPAIGN_HOURLY = `
  with x as (
    select s."date" as d, 'google_ads' as platform, cast(s.customer_id as varchar) as account_id,
      cast(s.id as varchar) as campaign_id, ${device('s.device')} as device_code, s.hour,
      s.cost_micros / 1e6 as spend, s.impressions, s.clicks, s.conversions, s.conversions_value as conversion_value
    from raw.google_ads.campaign_hourly_stats s
  )
  select x.d, ${adsDims('x')}, x.hour as "hour_of_day.number", lpad(cast(x.hour as varchar), 2, '0') || ':00'
    as "hour_of_day.label", isodow(x.d) as "weekday.number", strftime(x.d, '%A') as "weekday.name", ${PAID}
  from x ${adsJoins('x')}`;

const AD_GROUPS = `
  with x as (${googleStats('ad_group_stats', 'cast(s.id as varchar) as ad_group_id')})
  select x.d, ${adsDims('x')}, g.name as "ad_group.name", ${PAID}
  from x ${adsJoins('x')}
  left join ${latest('google_ads.ad_group_history', 'id', 'updated_at')} g on cast(g.id as varchar) = x.ad_group_id`;

const KEYWORDS = `
  with x as (${googleStats(
    'keyword_stats',
    'cast(s.ad_group_id as varchar) as ad_group_id, cast(s.ad_group_criterion_criterion_id as varchar) as criterion_id',
  )})
  select x.d, ${adsDims('x')}, k.keyword_text as "keyword.text", lower(k.keyword_match_type) as "keyword.match_type",
    ${PAID}
  from x ${adsJoins('x')}
  left join ${latest('google_ads.ad_group_criterion_history', 'ad_group_id, id', 'updated_at')} k
    on cast(k.ad_group_id as varchar) = x.ad_group_id and cast(k.id as varchar) = x.criterion_id`;

const AD_SETS = `
  with x as (${META_AD_DEVICE})
  select x.d, ${adsDims('x')}, s.name as "ad_set.name", s.optimization_goal as "ad_set.optimization_goal", ${PAID}
  from x ${adsJoins('x')}
  left join ${latest('facebook_ads.ad_set_history', 'id', 'updated_time')} s on cast(s.id as varchar) = x.ad_set_id`;

const AD_PERFORMANCE = `
  with google as (${googleStats('ad_stats', 'cast(s.ad_id as varchar) as ad_id')}),
  meta as (select d, platform, account_id, campaign_id, device_code, ad_id, spend, impressions, clicks, conversions,
    conversion_value from (${META_AD_DEVICE})),
  x as (select * from google union all by name select * from meta),
  names as (
    select 'google_ads' as platform, cast(id as varchar) as ad_id, name
    from ${latest('google_ads.ad_history', 'ad_group_id, id', 'updated_at')}
    union all
    select 'meta', cast(id as varchar), name from ${latest('facebook_ads.ad_history', 'id', 'updated_time')}
  )
  select x.d, ${adsDims('x')}, n.name as "ad.name", ${PAID}
  from x ${adsJoins('x')} left join names n on n.platform = x.platform and n.ad_id = x.ad_id`;

const SEARCH_TERMS = `
  with x as (${googleStats(
    'search_term_keyword_stats',
    's.search_term, lower(s.search_term_match_type) as match_type',
    'none',
  )})
  select x.d, ${adsDims('x')}, x.search_term as "search_terms.term", x.match_type as "search_terms.match_type", ${PAID}
  from x ${adsJoins('x')}`;

const AUDIENCES = `
  with x as (
    select s."date" as d, 'google_ads' as platform, cast(s.customer_id as varchar) as account_id,
      cast(s.campaign_id as varchar) as campaign_id, 'other' as device_code, cast(s.user_list_id as varchar) as list_id,
      s.cost_micros / 1e6 as spend, s.impressions, s.clicks, s.conversions, s.conversions_value as conversion_value
    from raw.google_ads.ad_group_audience_stats s
  )
  select x.d, ${adsDims('x')}, u.name as "audience.name", ${PAID}
  from x ${adsJoins('x')}
  left join ${latest('google_ads.user_list_history', 'id', 'updated_at')} u on cast(u.id as varchar) = x.list_id`;

const metaAgeGender = (suffix: string) => `
  select "date", campaign_id, age, gender, sum(value) as v from raw.facebook_ads.campaign_age_gender_report_${suffix}
  where action_type = 'offsite_conversion.fb_pixel_purchase' group by all`;
const metaCountry = (suffix: string) => `
  select "date", campaign_id, country, sum(value) as v from raw.facebook_ads.campaign_country_report_${suffix}
  where action_type = 'offsite_conversion.fb_pixel_purchase' group by all`;

const DEMOGRAPHICS = `
  with age_gender as (
    select r."date" as d, cast(r.account_id as varchar) as account_id, cast(r.campaign_id as varchar) as campaign_id,
      'age_gender' as breakdown, r.age, lower(r.gender) as gender, r.spend, r.impressions,
      r.inline_link_clicks as clicks, coalesce(n.v, 0) as conversions, coalesce(v.v, 0) as conversion_value
    from raw.facebook_ads.campaign_age_gender_report r
    left join (${metaAgeGender('actions')}) n
      on n."date" = r."date" and n.campaign_id = r.campaign_id and n.age = r.age and n.gender = r.gender
    left join (${metaAgeGender('action_values')}) v
      on v."date" = r."date" and v.campaign_id = r.campaign_id and v.age = r.age and v.gender = r.gender
  ), country as (
    select r."date" as d, cast(r.account_id as varchar), cast(r.campaign_id as varchar), 'country', null, null,
      r.spend, r.impressions, r.inline_link_clicks, coalesce(n.v, 0), coalesce(v.v, 0)
    from raw.facebook_ads.campaign_country_report r
    left join (${metaCountry('actions')}) n
      on n."date" = r."date" and n.campaign_id = r.campaign_id and n.country = r.country
    left join (${metaCountry('action_values')}) v
      on v."date" = r."date" and v.campaign_id = r.campaign_id and v.country = r.country
  ), x as (select *, 'meta' as platform, 'other' as device_code from age_gender union all
           select *, 'meta', 'other' from country)
  select x.d, ${adsDims('x')}, x.breakdown as "demographics.breakdown", x.age as "demographics.age",
    x.gender as "demographics.gender", ${PAID}
  from x ${adsJoins('x')}`;

const ECOMMERCE = `
  select "date" as d, 'ga4' as "platform.code", item_id as "ecommerce.item_id", item_name as "ecommerce.item_name",
    item_category as "ecommerce.item_category", items_viewed, items_added_to_cart, items_purchased, item_revenue
  from raw.google_analytics_4.ecommerce_items_report`;

const videoActions = (table: string, as: string) =>
  `(select "date", ad_id, sum(value) as ${as} from raw.facebook_ads.ad_video_report_${table} group by all)`;
const VIDEO = `
  with r as (select "date" as d, ad_id, sum(spend) as spend from raw.facebook_ads.ad_video_report group by all),
  ad as (
    select cast(a.id as varchar) as ad_id, cast(c.video_id as varchar) as video_id
    from ${latest('facebook_ads.ad_history', 'id', 'updated_time')} a
    left join ${latest('facebook_ads.creative_history', 'id', '_fivetran_synced')} c on c.id = a.creative_id
  )
  select r.d, 'meta' as "platform.code", v.title as "video.title", r.spend,
    coalesce(pl.plays, 0) as plays, coalesce(a.p25, 0) as p25, coalesce(b.p50, 0) as p50, coalesce(c.p75, 0) as p75,
    coalesce(e.p95, 0) as p95, coalesce(f.p100, 0) as p100
  from r
  left join ${videoActions('video_play_actions', 'plays')} pl on pl."date" = r.d and pl.ad_id = r.ad_id
  left join ${videoActions('video_p25_watched_actions', 'p25')} a on a."date" = r.d and a.ad_id = r.ad_id
  left join ${videoActions('video_p50_watched_actions', 'p50')} b on b."date" = r.d and b.ad_id = r.ad_id
  left join ${videoActions('video_p75_watched_actions', 'p75')} c on c."date" = r.d and c.ad_id = r.ad_id
  left join ${videoActions('video_p95_watched_actions', 'p95')} e on e."date" = r.d and e.ad_id = r.ad_id
  left join ${videoActions('video_p100_watched_actions', 'p100')} f on f."date" = r.d and f.ad_id = r.ad_id
  left join ad on ad.ad_id = cast(r.ad_id as varchar)
  left join ${latest('facebook_ads.ad_video_history', 'id', 'updated_time')} v on cast(v.id as varchar) = ad.video_id`;

const REACTIONS = `
  select "date" as d, 'meta' as "platform.code", lower(action_reaction) as "ad_reactions.reaction_type",
    value as reactions
  from raw.facebook_ads.ad_reactions_report_actions`;

/** Membership starts (adds) on the start day and ends (removals) on the end day; UTC days of the sync timestamps. */
const membership = (table: string, key: string, dim: string) => `
  with m as (
    select cast(${key} as varchar) as id, _fivetran_start as s,
      case when coalesce(_fivetran_active, false) then null else _fivetran_end end as e
    from raw.klaviyo.${table}
  ), x as (
    select cast(s as date) as d, id, 1 as adds, 0 as removals from m
    union all select cast(e as date), id, 0, 1 from m where e is not null
  )
  select x.d, 'klaviyo' as "platform.code", n.name as "${dim}", x.adds, x.removals, x.adds - x.removals as net_growth
  from x left join raw.klaviyo.${table.replace('_person', '')} n on cast(n.id as varchar) = x.id`;

const ads = (sql: string, extra: readonly string[], withDevice = true): RefFact => ({
  sql,
  dims: [...ADS_DIMS.filter((d) => withDevice || !d.startsWith('device.')), ...extra],
});

export const PART2_FACTS: Readonly<Record<string, RefFact>> = {
  campaign_hourly: ads(CAMPAIGN_HOURLY, ['hour_of_day.number', 'hour_of_day.label', 'weekday.number', 'weekday.name']),
  ad_groups: ads(AD_GROUPS, ['ad_group.name']),
  keywords: ads(KEYWORDS, ['keyword.text', 'keyword.match_type']),
  ad_sets: ads(AD_SETS, ['ad_set.name', 'ad_set.optimization_goal']),
  ad_performance: ads(AD_PERFORMANCE, ['ad.name']),
  search_terms: ads(SEARCH_TERMS, ['search_terms.term', 'search_terms.match_type'], false),
  audiences: ads(AUDIENCES, ['audience.name'], false),
  demographics: ads(DEMOGRAPHICS, ['demographics.breakdown', 'demographics.age', 'demographics.gender'], false),
  ecommerce: {
    sql: ECOMMERCE,
    dims: ['platform.code', 'ecommerce.item_id', 'ecommerce.item_name', 'ecommerce.item_category'],
  },
  video_performance: { sql: VIDEO, dims: ['platform.code', 'video.title'] },
  ad_reactions: { sql: REACTIONS, dims: ['platform.code', 'ad_reactions.reaction_type'] },
  lists: { sql: membership('list_person', 'list_id', 'list.name'), dims: ['platform.code', 'list.name'] },
  segments: {
    sql: membership('segment_person', 'segment_id', 'segment.name'),
    dims: ['platform.code', 'segment.name'],
  },
  ...CHANGE_FACTS,
};
