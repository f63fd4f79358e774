-- Klaviyo campaigns with their (first) message. Grain: one row per email_campaign_key ('klaviyo:<campaign id>').
-- Klaviyo's campaign table is synced as current state (no history), so there is one version per campaign.
-- send_hour_local / send_weekday_local: send_time on the wall clock of the Klaviyo account (var klaviyo_time_zone).
with messages as (
    select campaign_id, message_id, channel, content_subject, template_id
    from (
        select
            campaign_id, message_id, channel, content_subject, template_id,
            row_number() over (partition by campaign_id order by created, message_id) as message_rank
        from {{ ref('stg_klaviyo__campaign_message') }}
        where not is_deleted
    ) as ranked
    where message_rank = 1
)

select
    {{ entity_key('klaviyo', 'c.campaign_id') }} as email_campaign_key,
    c.campaign_id,
    c.name as campaign_name,
    coalesce(c.channel, m.channel, 'email') as channel,
    coalesce(c.subject, m.content_subject) as subject,
    coalesce(c.email_template_id, m.template_id) as template_id,
    t.name as template_name,
    m.message_id,
    coalesce(c.sent_at, c.send_time) as send_time,
    cast(coalesce(c.sent_at, c.send_time) as date) as send_date,
    {{ local_hour('coalesce(c.sent_at, c.send_time)', klaviyo_time_zone()) }} as send_hour_local,
    {{ local_iso_day_of_week('coalesce(c.sent_at, c.send_time)', klaviyo_time_zone()) }} as send_weekday_local,
    c.status,
    c.campaign_type,
    c.archived as is_archived,
    c.is_deleted,
    c.created as created_at,
    c.updated as updated_at,
    {{ tenant_id() }} as tenant_id
from {{ ref('stg_klaviyo__campaign') }} as c
left join messages as m on m.campaign_id = c.campaign_id
left join {{ ref('stg_klaviyo__email_template') }} as t on t.template_id = coalesce(c.email_template_id, m.template_id)
