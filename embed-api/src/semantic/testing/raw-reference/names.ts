/** Current campaign names over the raw history tables (the latest row per id): platform, campaign_id, name. */
export const RAW_CAMPAIGN_NAMES = `
  select 'google_ads' as platform, cast(id as varchar) as campaign_id, name from raw.google_ads.campaign_history
  qualify row_number() over (partition by id order by updated_at desc) = 1
  union all
  select 'meta', cast(id as varchar), name from raw.facebook_ads.campaign_history
  qualify row_number() over (partition by id order by updated_time desc) = 1`;
