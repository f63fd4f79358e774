// Expected numbers from plain SQL over a tenant's raw Fivetran tables (raw.duckdb, opened read-only) — never from the
// marts, the API or the SDK. `expected(measure, filters, [from, to])` returns a number, or undefined when this module
// has no independent computation for that measure or filter.
import { join } from 'node:path';

const GOOGLE = 'raw.google_ads.campaign_stats';
const META = 'raw.facebook_ads.ad_device_report';
const META_PURCHASES = `(select "date", value from raw.facebook_ads.ad_device_report_actions
  where action_type = 'offsite_conversion.fb_pixel_purchase')`;
const GA4 = 'raw.google_analytics_4.traffic_source_medium_country_device';

export async function openRaw(dir, tenant, timeZone) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const db = await instance.connect();
  await db.run(`ATTACH '${join(dir, tenant, 'raw.duckdb')}' AS raw (READ_ONLY)`);
  async function one(sql, params) {
    const reader = await db.runAndReadAll(sql, params);
    const v = reader.getRowObjectsJS()[0]?.v;
    return v === null || v === undefined ? 0 : Number(v);
  }
  // Klaviyo events of campaigns (kind 'campaign') or flows, on the tenant's local day
  const email = (kind, metrics, [from, to]) =>
    one(
      `select count(*) v from raw.klaviyo.event e join raw.klaviyo.metric m on cast(m.id as varchar) = cast(e.metric_id as varchar)
       where not coalesce(e._fivetran_deleted, false)
         and ${kind === 'campaign' ? 'e.campaign_id is not null' : 'e.campaign_id is null and e.flow_message_id is not null'}
         and m.name in (${metrics.map((x) => `'${x}'`).join(', ')})
         and cast(timezone('${timeZone}', timezone('UTC', e."timestamp")) as date) between cast($1 as date) and cast($2 as date)`,
      [from, to],
    );
  // ads sums per platform; `search` keeps Google search campaigns only (current campaign row)
  async function ads(kind, { platform, search }, [from, to]) {
    const googleCol = { clicks: 'clicks', impressions: 'impressions', conversions: 'conversions' }[kind];
    const searchJoin = search
      ? `join (select id, advertising_channel_type t from raw.google_ads.campaign_history
           qualify row_number() over (partition by id order by updated_at desc) = 1) c on c.id = s.id and c.t = 'SEARCH'`
      : '';
    const g = await one(
      `select sum(s.${googleCol}) v from ${GOOGLE} s ${searchJoin} where s."date" between cast($1 as date) and cast($2 as date)`,
      [from, to],
    );
    if (platform === 'google_ads' || search) return g;
    const m =
      kind === 'conversions'
        ? await one(
            `select sum(value) v from ${META_PURCHASES} where "date" between cast($1 as date) and cast($2 as date)`,
            [from, to],
          )
        : await one(
            `select sum(${kind === 'clicks' ? 'inline_link_clicks' : 'impressions'}) v from ${META} where "date" between cast($1 as date) and cast($2 as date)`,
            [from, to],
          );
    return platform === 'meta' ? m : g + m;
  }
  const ga4 = (col, [from, to]) =>
    one(`select sum(${col}) v from ${GA4} where "date" between cast($1 as date) and cast($2 as date)`, [from, to]);

  /** Filters this module understands: platform.code equals one value, campaign.channel_type equals 'search'. */
  function adsScope(filters) {
    const scope = {};
    for (const f of filters ?? []) {
      if (f.member === 'platform.code' && f.operator === 'equals' && f.values?.length === 1)
        scope.platform = f.values[0];
      else if (f.member === 'campaign.channel_type' && f.operator === 'equals' && f.values?.[0] === 'search')
        scope.search = true;
      else return undefined;
    }
    return scope;
  }

  async function expected(measure, filters, range) {
    const [cube] = measure.split('.');
    if (cube === 'ads') {
      const s = adsScope(filters);
      if (!s) return undefined;
      switch (measure) {
        case 'ads.clicks':
        case 'ads.impressions':
        case 'ads.conversions':
          return ads(measure.slice(4), s, range);
        case 'ads.ctr':
          return (await ads('clicks', s, range)) / (await ads('impressions', s, range));
        case 'ads.conversion_rate':
          return (await ads('conversions', s, range)) / (await ads('clicks', s, range));
        default:
          return undefined;
      }
    }
    if ((filters ?? []).length > 0) return undefined;
    switch (measure) {
      case 'ga4.sessions':
      case 'ga4.engaged_sessions':
      case 'ga4.new_users':
      case 'ga4.key_events':
        return ga4(measure.slice(4), range);
      case 'ga4.engagement_rate':
        return (await ga4('engaged_sessions', range)) / (await ga4('sessions', range));
      case 'email_campaigns.recipients':
      case 'email_flows.recipients':
        return email(
          cube === 'email_campaigns' ? 'campaign' : 'flow',
          ['Received Email', 'Received SMS', 'Bounced Email'],
          range,
        );
      case 'email_campaigns.delivered':
      case 'email_flows.delivered':
        return email(cube === 'email_campaigns' ? 'campaign' : 'flow', ['Received Email', 'Received SMS'], range);
      case 'email_campaigns.bounces':
      case 'email_flows.bounces':
        return email(cube === 'email_campaigns' ? 'campaign' : 'flow', ['Bounced Email'], range);
      default:
        return undefined;
    }
  }
  return {
    expected,
    close() {
      db.closeSync();
      instance.closeSync();
    },
  };
}

/**
 * Parses a KPI as shown ("12,345", "2.35%", "€1.2K") → `{ value, tolerance }`: the tolerance is half a unit of the
 * last digit shown (a percentage is divided by 100).
 */
export function parseShown(text) {
  const m = /(-?[\d,]*\.?\d+)\s*([KMB])?/.exec(text ?? '');
  if (!m) return undefined;
  const digits = m[1].replaceAll(',', '');
  const decimals = digits.includes('.') ? digits.split('.')[1].length : 0;
  const scale = { K: 1e3, M: 1e6, B: 1e9 }[m[2]] ?? 1;
  const pct = text.includes('%') ? 0.01 : 1;
  return { value: Number(digits) * scale * pct, tolerance: 0.5 * 10 ** -decimals * scale * pct + 1e-9 };
}
