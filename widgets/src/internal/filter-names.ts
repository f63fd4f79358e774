/**
 * Dashboard filter names (as DASHBOARDS.md writes them) → the API's filter type (`GET /api/v1/filters/{type}`) and the
 * member its values filter (the API's response names the member too, and wins). API type names work as-is.
 */
export const FILTERS: Readonly<Record<string, { readonly type: string; readonly member: string }>> = {
  platform: { type: 'platforms', member: 'platform.code' },
  account: { type: 'accounts', member: 'account.id' },
  campaign: { type: 'campaigns', member: 'campaign.id' },
  adGroup: { type: 'ad-groups', member: 'ad_group.id' },
  adSet: { type: 'ad-sets', member: 'ad_set.id' },
  ad: { type: 'ads', member: 'ad.id' },
  keyword: { type: 'keywords', member: 'keyword.id' },
  device: { type: 'devices', member: 'device.code' },
  country: { type: 'countries', member: 'country.code' },
  sourceMedium: { type: 'source-medium', member: 'source_medium.key' },
  emailCampaign: { type: 'email-campaigns', member: 'email_campaign.id' },
  flow: { type: 'flows', member: 'email_flow.id' },
  list: { type: 'lists', member: 'list.id' },
  segment: { type: 'segments', member: 'segment.id' },
};

/** The filter for a name from a dashboard document: a known name, an API type, or `<name>.id` as a last resort. */
export function resolveFilter(name: string): { readonly name: string; readonly type: string; readonly member: string } {
  const known = FILTERS[name];
  if (known) return { name, ...known };
  const byType = Object.entries(FILTERS).find(([, f]) => f.type === name);
  if (byType) return { name: byType[0], ...byType[1] };
  return { name, type: name, member: `${name}.id` };
}
