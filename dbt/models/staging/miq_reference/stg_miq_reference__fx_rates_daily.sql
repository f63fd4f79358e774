with source as (
    select * from {{ source('miq_reference', 'fx_rates_daily') }}
)

select
    {{ raw_col('date') }} as date_day,
    base_currency,
    quote_currency,
    rate
from source
