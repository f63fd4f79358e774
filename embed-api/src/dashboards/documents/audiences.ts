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
    bar('roas-by-type', 'ROAS by campaign type', ['ads.roas'], 'campaign.channel_type'),
    heatmap('cpa-device-platform', 'CPA by device and platform', 'ads.cpa', 'device.name', 'platform.name'),
    bar('geography', 'Website revenue by country', ['ga4.revenue'], 'country.name', { limit: 15, span: 12 }),
  ],
};
