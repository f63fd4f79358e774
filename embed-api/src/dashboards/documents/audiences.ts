import type { DashboardDocument } from '../schema.js';
import { bar, findings, heatmap, kpi } from './build.js';

export const audiences: DashboardDocument = {
  id: 'audiences',
  title: 'Audience & Demographics Agent',
  description: 'Who converts best?',
  kind: 'agent',
  filters: ['dateRange', 'platform', 'device'],
  panels: [
    findings(),
    kpi('roas', 'ROAS', 'ads.roas', undefined, 6),
    kpi('cpa', 'CPA', 'ads.cpa', undefined, 6),
    kpi('conversions', 'Conversions', 'ads.conversions', undefined, 4),
    kpi('conversion-rate', 'Conversion rate', 'ads.conversion_rate', undefined, 4),
    kpi('sessions', 'Sessions', 'ga4.sessions', undefined, 4),
    bar('roas-by-type', 'ROAS by campaign type', ['ads.roas'], 'campaign.channel_type'),
    heatmap('cpa-device-platform', 'CPA by device and platform', 'ads.cpa', 'device.name', 'platform.name'),
    bar('geography', 'Website revenue by country', ['ga4.revenue'], 'country.name', { limit: 15, span: 12 }),
    bar('roas-by-audience', 'ROAS by audience', ['audiences.roas'], 'audience.name'),
    heatmap('age-gender-cpa', 'CPA by age and gender', 'demographics.cpa', 'demographics.age', 'demographics.gender'),
  ],
};
