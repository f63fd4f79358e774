/**
 * Reference tables over the raw Fivetran tables (`raw.duckdb` attached as `raw`), written here by hand from the
 * sources' documentation and the mart contract (CONTRIBUTING.md) — never from the marts or the semantic layer.
 * Each has a day column `d`, dimension columns named after catalog members (`"campaign.name"`) and additive measure
 * columns. rare-seeds reports in USD and every source of it is in USD (`raw-reference.test` support checks that),
 * so raw amounts are reporting amounts.
 */

const device = (expr: string) => `case
  when ${expr} is null then 'other'
  when lower(${expr}) in ('desktop', 'computer') then 'desktop'
  when lower(${expr}) in ('mobile', 'mobile_app', 'mobile_web', 'iphone', 'android_smartphone', 'smartphone',
                          'high_end_mobile_devices') then 'mobile'
  when lower(${expr}) in ('tablet', 'ipad', 'android_tablet') then 'tablet'
  else 'other' end`;

/** Fixed lookups of the mart contract: platform and device names. */
export const LOOKUPS = `
  create or replace temp table ref_platform as select * from (values
    ('google_ads', 'Google Ads'), ('meta', 'Meta Ads'), ('ga4', 'Google Analytics 4'), ('klaviyo', 'Klaviyo'))
    t(code, name);
  create or replace temp table ref_device as select * from (values
    ('desktop', 'Desktop'), ('mobile', 'Mobile'), ('tablet', 'Tablet'), ('other', 'Other / unknown')) t(code, name);
  -- the latest version of each campaign and account (SCD-2 histories: the current row is the newest one)
  create or replace temp table ref_campaign as
    select 'google_ads' as platform, cast(id as varchar) as id, name, status,
      case advertising_channel_type when 'SEARCH' then 'search' when 'SHOPPING' then 'shopping'
        when 'DISPLAY' then 'display' when 'VIDEO' then 'video' when 'PERFORMANCE_MAX' then 'pmax'
        else lower(advertising_channel_type) end as channel_type,
      bidding_strategy_type as bidding_strategy
    from raw.google_ads.campaign_history qualify row_number() over (partition by id order by updated_at desc) = 1
    union all
    select 'meta', cast(id as varchar), name, status, lower(objective), bid_strategy
    from raw.facebook_ads.campaign_history qualify row_number() over (partition by id order by updated_time desc) = 1;
  create or replace temp table ref_account as
    select 'google_ads' as platform, cast(id as varchar) as id, descriptive_name as name, currency_code as currency
    from raw.google_ads.account_history qualify row_number() over (partition by id order by updated_at desc) = 1
    union all
    select 'meta', cast(id as varchar), name, currency
    from raw.facebook_ads.account_history qualify row_number() over (partition by id order by _fivetran_synced desc) = 1;
`;

/** Dimension columns every ads-family reference table carries (platform, device, campaign, account). */
export const ADS_DIMS = [
  'platform.code',
  'platform.name',
  'device.code',
  'device.name',
  'campaign.id',
  'campaign.name',
  'campaign.status',
  'campaign.channel_type',
  'campaign.bidding_strategy',
  'account.id',
  'account.name',
  'account.currency',
] as const;

/** Joins `x` (platform, account_id, campaign_id, device_code) to the lookups, naming columns after members. */
export const adsDims = (x: string) => `
  ${x}.platform as "platform.code", p.name as "platform.name", ${x}.device_code as "device.code", dv.name as "device.name",
  ${x}.campaign_id as "campaign.id", c.name as "campaign.name", c.status as "campaign.status",
  c.channel_type as "campaign.channel_type", c.bidding_strategy as "campaign.bidding_strategy",
  ${x}.account_id as "account.id", a.name as "account.name", a.currency as "account.currency"`;
export const adsJoins = (x: string) => `
  left join ref_platform p on p.code = ${x}.platform
  left join ref_device dv on dv.code = ${x}.device_code
  left join ref_campaign c on c.platform = ${x}.platform and c.id = ${x}.campaign_id
  left join ref_account a on a.platform = ${x}.platform and a.id = ${x}.account_id`;

/** Meta purchase actions (the one counted conversion action type) per day, ad and device platform. */
const metaPurchases = (table: string, keys: string) => `
  select ${keys}, sum(value) as v from raw.facebook_ads.${table}
  where action_type = 'offsite_conversion.fb_pixel_purchase' group by all`;

export const ADS = `
  with google as (
    select "date" as d, 'google_ads' as platform, cast(customer_id as varchar) as account_id,
      cast(id as varchar) as campaign_id, ${device('device')} as device_code,
      cost_micros / 1e6 as spend, impressions, clicks, conversions, conversions_value as conversion_value, video_views
    from raw.google_ads.campaign_stats
  ), meta as (
    select r."date" as d, 'meta' as platform, cast(r.account_id as varchar) as account_id,
      cast(r.campaign_id as varchar) as campaign_id, ${device('r.device_platform')} as device_code,
      r.spend, r.impressions, r.inline_link_clicks as clicks, coalesce(n.v, 0) as conversions,
      coalesce(v.v, 0) as conversion_value, r.video_play_actions as video_views
    from raw.facebook_ads.ad_device_report r
    left join (${metaPurchases('ad_device_report_actions', '"date", ad_id, device_platform')}) n
      on n."date" = r."date" and n.ad_id = r.ad_id and n.device_platform = r.device_platform
    left join (${metaPurchases('ad_device_report_action_values', '"date", ad_id, device_platform')}) v
      on v."date" = r."date" and v.ad_id = r.ad_id and v.device_platform = r.device_platform
  ), u as (select * from google union all select * from meta)
  select u.d, ${adsDims('u')}, u.spend, u.impressions, u.clicks, u.conversions, u.conversion_value, u.video_views
  from u ${adsJoins('u')}`;

/** GA4 default channel groups for the source / medium pairs of the demo data (GA4's documented rules). */
const CHANNEL = (s: string, m: string) => `case
  when ${s} = '(direct)' and ${m} in ('(none)', '(not set)') then 'Direct'
  when ${m} in ('cpc', 'paid') and ${s} in ('google', 'bing') then 'Paid Search'
  when ${m} in ('cpc', 'paid') and ${s} in ('facebook', 'instagram') then 'Paid Social'
  when ${m} = 'organic' or ${s} in ('google', 'bing', 'duckduckgo') then 'Organic Search'
  when ${s} in ('facebook.com', 'instagram.com', 'pinterest.com') then 'Organic Social'
  when ${s} in ('youtube.com') then 'Organic Video'
  when ${m} = 'email' or ${s} = 'klaviyo' then 'Email'
  when ${m} = 'sms' then 'SMS'
  when ${m} = 'referral' then 'Referral'
  else 'Unassigned' end`;
const PLATFORM_OF = (s: string, m: string) => `case
  when ${s} = 'google' and ${m} in ('cpc', 'paid', 'display', 'cpm', 'video') then 'google_ads'
  when ${s} in ('facebook', 'instagram', 'facebook.com', 'instagram.com') and ${m} in ('cpc', 'paid', 'paid_social', 'cpm')
    then 'meta'
  when ${s} = 'klaviyo' or ${m} in ('email', 'sms') then 'klaviyo' end`;

export const GA4 = `
  with t as (
    select "date" as d, coalesce(session_source, '(not set)') as s, coalesce(session_medium, '(not set)') as m,
      coalesce(nullif(upper(country_id), ''), 'ZZ') as cc, country, ${device('device_category')} as device_code,
      sessions, engaged_sessions, new_users, key_events, total_revenue
    from raw.google_analytics_4.traffic_source_medium_country_device
  ), names as (
    select upper(country_code) as cc, min(name) as name from raw.google_ads.geo_target
    where target_type = 'Country' and country_code is not null group by 1
  ), ga4_names as (select cc, max(country) as name from t where cc <> 'ZZ' group by 1)
  select t.d, 'ga4' as "platform.code", 'Google Analytics 4' as "platform.name",
    t.s || ' / ' || t.m as "source_medium.key", t.s as "source_medium.source", t.m as "source_medium.medium",
    ${CHANNEL('lower(t.s)', 'lower(t.m)')} as "source_medium.channel_group",
    t.cc as "country.code",
    case when t.cc = 'ZZ' then 'Unknown' else coalesce(n.name, g.name, t.cc) end as "country.name",
    t.device_code as "device.code", dv.name as "device.name",
    t.sessions, t.engaged_sessions, t.new_users, t.key_events, t.total_revenue as revenue
  from t left join names n on n.cc = t.cc left join ga4_names g on g.cc = t.cc
  left join ref_device dv on dv.code = t.device_code`;

export const GA4_CONVERSIONS = `
  with c as (
    select "date" as d, event_name, coalesce(session_source, '(not set)') as s, coalesce(session_medium, '(not set)') as m,
      key_events, event_value
    from raw.google_analytics_4.conversions_source_medium_report
  )
  select c.d, ${PLATFORM_OF('lower(c.s)', 'lower(c.m)')} as "platform.code",
    'ga4:' || c.event_name as "conversion_action.key", c.event_name as "conversion_action.name",
    case when c.event_name in ('purchase', 'in_app_purchase') then 'purchase'
      when c.event_name = 'add_to_cart' then 'add_to_cart' when c.event_name = 'begin_checkout' then 'begin_checkout'
      when c.event_name in ('sign_up', 'newsletter_signup') then 'signup'
      when c.event_name in ('generate_lead', 'form_submit') then 'lead' else 'other' end as "conversion_action.category",
    c.s || ' / ' || c.m as "source_medium.key", ${CHANNEL('lower(c.s)', 'lower(c.m)')} as "source_medium.channel_group",
    c.key_events as conversions, c.event_value as value
  from c`;

/**
 * Klaviyo events attributed to a campaign or a flow message, on the tenant's local day (rare-seeds: Chicago), pivoted
 * into the email measures (Klaviyo metric names); unique opens/clicks count people per day and send.
 */
const EMAIL_EVENTS = (where: string, keys: string) => `
  with e as (
    select cast(timezone('America/Chicago', timezone('UTC', e."timestamp")) as date) as d,
      cast(e.campaign_id as varchar) as campaign_id, cast(e.flow_id as varchar) as flow_id,
      cast(e.flow_message_id as varchar) as flow_message_id, coalesce(m.name, e."type") as metric,
      e.person_id, try_cast(e.property_value as double) as val
    from raw.klaviyo.event e left join raw.klaviyo.metric m on cast(m.id as varchar) = cast(e.metric_id as varchar)
    where not coalesce(e._fivetran_deleted, false) and ${where}
  ), per_metric as (
    select d, ${keys}, metric, count(*) as n, count(distinct person_id) as people, sum(coalesce(val, 0)) as val
    from e group by all
  )
  select d, ${keys},
    sum(n) filter (where metric in ('Received Email', 'Received SMS', 'Bounced Email')) as recipients,
    sum(n) filter (where metric in ('Received Email', 'Received SMS')) as delivered,
    sum(people) filter (where metric = 'Opened Email') as unique_opens,
    sum(people) filter (where metric in ('Clicked Email', 'Clicked SMS')) as unique_clicks,
    sum(n) filter (where metric = 'Bounced Email') as bounces,
    sum(n) filter (where metric in ('Unsubscribed', 'Unsubscribed from SMS')) as unsubscribes,
    sum(n) filter (where metric = 'Marked Email as Spam') as spam_complaints,
    sum(n) filter (where metric = 'Placed Order') as conversions,
    sum(val) filter (where metric = 'Placed Order') as revenue
  from per_metric group by all`;

const EMAIL_MEASURES = `coalesce(x.recipients, 0) as recipients, coalesce(x.delivered, 0) as delivered,
  coalesce(x.unique_opens, 0) as unique_opens, coalesce(x.unique_clicks, 0) as unique_clicks,
  coalesce(x.bounces, 0) as bounces, coalesce(x.unsubscribes, 0) as unsubscribes,
  coalesce(x.spam_complaints, 0) as spam_complaints, coalesce(x.conversions, 0) as conversions,
  coalesce(x.revenue, 0) as revenue`;

/** When the campaign went out (sent, else scheduled) on the tenant's wall clock (rare-seeds: Chicago). */
const SENT_LOCAL = "timezone('America/Chicago', timezone('UTC', coalesce(c.sent_at, c.send_time)))";

export const EMAIL_CAMPAIGNS = `
  with x as (${EMAIL_EVENTS('e.campaign_id is not null', 'campaign_id, flow_id, flow_message_id')}),
  first_message as (
    select cast(campaign_id as varchar) as campaign_id, channel, content_subject, cast(template_id as varchar) as template_id
    from raw.klaviyo.campaign_message
    where not coalesce(_fivetran_deleted, false)
    qualify row_number() over (partition by campaign_id order by created, id) = 1
  )
  select x.d, 'klaviyo' as "platform.code", c.name as "email_campaign.name",
    coalesce(c.channel, fm.channel, 'email') as "email_campaign.channel",
    coalesce(c.subject, fm.content_subject) as "email_campaign.subject",
    coalesce(cast(c.email_template_id as varchar), fm.template_id) as "email_campaign.template_id",
    t.name as "email_campaign.template_name",
    cast(extract(hour from ${SENT_LOCAL}) as integer) as "email_campaign.send_hour",
    cast(isodow(${SENT_LOCAL}) as integer) as "email_campaign.send_weekday",
    ${EMAIL_MEASURES}
  from x left join raw.klaviyo.campaign c on cast(c.id as varchar) = x.campaign_id
  left join first_message fm on fm.campaign_id = x.campaign_id
  left join raw.klaviyo.email_template t
    on cast(t.id as varchar) = coalesce(cast(c.email_template_id as varchar), fm.template_id)`;

export const EMAIL_FLOWS = `
  with x as (${EMAIL_EVENTS('e.campaign_id is null and e.flow_message_id is not null', 'flow_id, flow_message_id')}),
  per_message as (
    select d, flow_message_id, max(flow_id) as flow_id, sum(recipients) as recipients, sum(delivered) as delivered,
      sum(unique_opens) as unique_opens, sum(unique_clicks) as unique_clicks, sum(bounces) as bounces,
      sum(unsubscribes) as unsubscribes, sum(spam_complaints) as spam_complaints, sum(conversions) as conversions,
      sum(revenue) as revenue
    from x group by all
  )
  select x.d, 'klaviyo' as "platform.code", f.name as "email_flow.name", f.trigger_type as "email_flow.trigger_type",
    f.status as "email_flow.status", x.flow_message_id as "email_flows.message_id", fm.name as "email_flows.message_name",
    ${EMAIL_MEASURES}
  from per_message x
  left join raw.klaviyo.flow_message fm on cast(fm.id as varchar) = x.flow_message_id
  left join raw.klaviyo.flow f on cast(f.id as varchar) = coalesce(cast(fm.flow_id as varchar), x.flow_id)`;
