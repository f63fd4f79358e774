{#- ISO 3166-1 alpha-2 country code -> UN M49 region (Americas split into Northern America / Latin America). -#}
{% macro country_region(code_expr) -%}
    {%- set regions = {
        'Europe': 'AD AL AT AX BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA XK',
        'Northern America': 'BM CA GL PM US',
        'Latin America and the Caribbean': 'AG AI AR AW BB BL BO BQ BR BS BZ CL CO CR CU CW DM DO EC FK GD GF GP GT GY HN HT JM KN KY LC MF MQ MS MX NI PA PE PR PY SR SV SX TC TT UY VC VE VG VI',
        'Asia': 'AE AF AM AZ BD BH BN BT CN GE HK ID IL IN IQ IR JO JP KG KH KP KR KW KZ LA LB LK MM MN MO MV MY NP OM PH PK PS QA SA SG SY TH TJ TL TM TR TW UZ VN YE',
        'Africa': 'AO BF BI BJ BW CD CF CG CI CM CV DJ DZ EG EH ER ET GA GH GM GN GQ GW KE KM LR LS LY MA MG ML MR MU MW MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TG TN TZ UG YT ZA ZM ZW',
        'Oceania': 'AS AU CK FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV VU WF WS',
    } -%}
    case
        {%- for region, codes in regions.items() %}
        when {{ code_expr }} in ({% for c in codes.split() %}'{{ c }}'{% if not loop.last %}, {% endif %}{% endfor %}) then '{{ region }}'
        {%- endfor %}
        else 'Unknown'
    end
{%- endmacro %}
