-- Daily rate from every currency seen in the FX table into the tenant's reporting currency, on every day of dim_date.
-- A day without a published rate (weekends, holidays in real feeds) takes the last earlier rate; a day before the
-- currency's first published rate takes that first rate (local days of UTC event streams start a day early).
-- Direct pairs (X -> reporting) win over inverted ones (reporting -> X).
with rates as (
    select date_day, base_currency, quote_currency, rate
    from {{ ref('stg_miq_reference__fx_rates_daily') }}
    where rate is not null and rate > 0
),

candidates as (
    select date_day, base_currency as currency_code, rate as fx_rate, 1 as preference
    from rates
    where quote_currency = {{ reporting_currency() }}
    union all
    select date_day, quote_currency as currency_code, 1.0 / rate as fx_rate, 2 as preference
    from rates
    where base_currency = {{ reporting_currency() }} and quote_currency <> {{ reporting_currency() }}
),

published as (
    select date_day, currency_code, fx_rate
    from (
        select
            date_day, currency_code, fx_rate,
            row_number() over (partition by date_day, currency_code order by preference) as rank_in_day
        from candidates
    ) as ranked
    where rank_in_day = 1
),

first_rates as (
    select currency_code, fx_rate as first_rate
    from (
        select currency_code, fx_rate, row_number() over (partition by currency_code order by date_day) as rate_rank
        from published
    ) as ranked
    where rate_rank = 1
),

currencies as (
    select currency_code, first_rate from first_rates
    union all
    select {{ reporting_currency() }} as currency_code, 1.0 as first_rate
    where {{ reporting_currency() }} not in (select currency_code from first_rates)
),

spine as (
    select d.date_day, c.currency_code, c.first_rate
    from {{ ref('dim_date') }} as d
    cross join currencies as c
),

filled as (
    select
        spine.date_day,
        spine.currency_code,
        spine.first_rate,
        published.fx_rate as published_rate,
        {{ last_value_ignore_nulls(
            'published.fx_rate',
            'partition by spine.currency_code order by spine.date_day rows between unbounded preceding and current row'
        ) }} as last_published_rate
    from spine
    left join published
        on spine.date_day = published.date_day and spine.currency_code = published.currency_code
)

select
    date_day,
    currency_code,
    {{ reporting_currency() }} as reporting_currency,
    case
        when currency_code = {{ reporting_currency() }} then 1.0
        else coalesce(last_published_rate, first_rate)
    end as fx_rate,
    case
        when currency_code = {{ reporting_currency() }} then 'identity'
        when published_rate is not null then 'published'
        when last_published_rate is not null then 'carried_forward'
        else 'backfilled'
    end as rate_source
from filled
