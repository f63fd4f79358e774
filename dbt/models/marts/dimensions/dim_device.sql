-- One row per device code; every fact maps its source's device values onto these (macro device_code).
select device_code, device_name, {{ tenant_id() }} as tenant_id
from (
    {%- for d in [('desktop', 'Desktop'), ('mobile', 'Mobile'), ('tablet', 'Tablet'), ('other', 'Other / unknown')] %}
    select '{{ d[0] }}' as device_code, '{{ d[1] }}' as device_name
    {% if not loop.last %}union all{% endif %}
    {%- endfor %}
) as devices
