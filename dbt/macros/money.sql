{#- Money helpers. -#}

{#-
  Meta returns budgets in the currency's minimum denomination: cents for most currencies, whole units for the
  currencies Meta lists with offset 1. Divide by this to get an amount in the currency's units.
-#}
{% macro meta_minor_unit_divisor(currency_expr) -%}
    case when {{ currency_expr }} in ('CLP', 'COP', 'CRC', 'HUF', 'ISK', 'IDR', 'JPY', 'KRW', 'PYG', 'TWD', 'VND')
        then 1 else 100 end
{%- endmacro %}

{#- Amount in the row's currency converted into the reporting currency (fx_rate from int_fx_rates_forward_filled). -#}
{% macro to_reporting(amount, fx_rate='fx.fx_rate') -%}
    {{ amount }} * {{ fx_rate }}
{%- endmacro %}
