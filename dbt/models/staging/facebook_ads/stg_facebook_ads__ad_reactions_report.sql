with source as (
    select * from {{ source('facebook_ads', 'ad_reactions_report') }}
)

select
    {{ raw_col('date') }} as date_day,
    {{ as_id('account_id') }} as account_id,
    {{ as_id('ad_id') }} as ad_id,
    action_reaction,
    _fivetran_id,
    impressions,
    _fivetran_synced
from source
