/**
 * Change histories over the raw history tables (mart contract: one row per entity and change day, the day's last
 * version). `changes` counts change days; values are those of the day's last version.
 */
import type { RefFact } from './members.js';
import { RAW_CAMPAIGN_NAMES } from './names.js';

const lastOfDay = (table: string, key: string, ts: string) => `
  (select *, cast(${ts} as date) as d from raw.${table}
   qualify row_number() over (partition by ${key}, cast(${ts} as date) order by ${ts} desc) = 1)`;

const CAMPAIGN_CHANGES = `
  with x as (
    select d, 'google_ads' as platform, cast(id as varchar) as campaign_id
    from ${lastOfDay('google_ads.campaign_history', 'id', 'updated_at')}
    union all
    select d, 'meta', cast(id as varchar) from ${lastOfDay('facebook_ads.campaign_history', 'id', 'updated_time')}
  )
  select x.d, x.platform as "platform.code", x.campaign_id as "campaign.id", n.name as "campaign.name", 1 as changes
  from x left join (${RAW_CAMPAIGN_NAMES}) n on n.platform = x.platform and n.campaign_id = x.campaign_id`;

const AD_GROUP_CHANGES = `
  with x as (select * from ${lastOfDay('google_ads.ad_group_history', 'id', 'updated_at')}),
  current as (select id, name from raw.google_ads.ad_group_history
              qualify row_number() over (partition by id order by updated_at desc) = 1)
  select x.d, 'google_ads' as "platform.code", c.name as "ad_group.name", 1 as changes,
    x.cpc_bid_micros / 1e6 as cpc_bid
  from x left join current c on c.id = x.id`;

/** Meta keeps bidding and budget settings on the campaign: a version counts when the setting changed. */
const metaChangedVersions = (column: string) => `
  (select * from (
     select *, cast(updated_time as date) as d,
       lag(${column}) over (partition by id order by updated_time, _fivetran_synced) as previous,
       row_number() over (partition by id order by updated_time, _fivetran_synced) as n
     from raw.facebook_ads.campaign_history)
   where n = 1 or ${column} is distinct from previous
   qualify row_number() over (partition by id, d order by updated_time desc, _fivetran_synced desc) = 1)`;

const BIDDING_CHANGES = `
  with x as (
    select d, 'google_ads' as platform, cast(campaign_id as varchar) as campaign_id,
      target_cpa_micros / 1e6 as target_cpa, target_roas
    from ${lastOfDay('google_ads.campaign_bidding_strategy_history', 'campaign_id', 'updated_at')}
    union all
    select d, 'google_ads', null, target_cpa_target_cpa_micros / 1e6, target_roas_target_roas
    from ${lastOfDay('google_ads.bidding_strategy_history', 'id', 'updated_at')}
    union all
    select d, 'meta', cast(id as varchar), null, null from ${metaChangedVersions('bid_strategy')}
  )
  select x.d, x.platform as "platform.code", n.name as "campaign.name", 1 as changes, x.target_cpa, x.target_roas
  from x left join (${RAW_CAMPAIGN_NAMES}) n on n.platform = x.platform and n.campaign_id = x.campaign_id`;

/** Budget per change day; rare-seeds' Meta accounts are USD (2 minor-unit digits). */
const BUDGET_CHANGES = `
  with x as (
    select d, 'google_ads' as platform, cast(campaign_id as varchar) as campaign_id, amount_micros / 1e6 as daily_budget
    from ${lastOfDay('google_ads.campaign_budget_history', 'campaign_id', 'updated_at')}
    where campaign_id is not null
    union all
    select d, 'meta', cast(id as varchar), daily_budget / 100.0 from ${metaChangedVersions('daily_budget')}
  )
  select x.d, x.platform as "platform.code", x.platform || ':' || x.campaign_id as entity, n.name as "campaign.name",
    1 as changes, x.daily_budget
  from x left join (${RAW_CAMPAIGN_NAMES}) n on n.platform = x.platform and n.campaign_id = x.campaign_id`;

export const CHANGE_FACTS: Readonly<Record<string, RefFact>> = {
  campaign_changes: { sql: CAMPAIGN_CHANGES, dims: ['platform.code', 'campaign.id', 'campaign.name'] },
  ad_group_changes: { sql: AD_GROUP_CHANGES, dims: ['platform.code', 'ad_group.name'] },
  bidding_changes: { sql: BIDDING_CHANGES, dims: ['platform.code', 'campaign.name'] },
  budget_changes: { sql: BUDGET_CHANGES, dims: ['platform.code', 'campaign.name'] },
};
