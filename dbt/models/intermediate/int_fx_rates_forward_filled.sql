-- Daily rate from every currency seen in the FX table into the tenant's reporting currency, on every day of dim_date
-- from the currency's first rate on. A day without a published rate (weekends, holidays in real feeds) carries the
-- last earlier rate forward. Direct pairs (X -> reporting) win over inverted ones (reporting -> X).
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

currencies as (
    select currency_code, min(date_day) as first_rate_day
    from published
    group by currency_code
    union all
    select {{ reporting_currency() }} as currency_code, cast('{{ var("date_spine_start") }}' as date) as first_rate_day
    where {{ reporting_currency() }} not in (select currency_code from published)
),

spine as (
    select d.date_day, c.currency_code
    from {{ ref('dim_date') }} as d
    inner join currencies as c on d.date_day >= c.first_rate_day
)

select
    spine.date_day,
    spine.currency_code,
    {{ reporting_currency() }} as reporting_currency,
    case
        when spine.currency_code = {{ reporting_currency() }} then 1.0
        else last_value(published.fx_rate ignore nulls) over (
            partition by spine.currency_code order by spine.date_day rows between unbounded preceding and current row
        )
    end as fx_rate,
    published.fx_rate is null and spine.currency_code <> {{ reporting_currency() }} as is_carried_forward
from spine
left join published
    on spine.date_day = published.date_day and spine.currency_code = published.currency_code
