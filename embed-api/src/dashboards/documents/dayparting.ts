import type { DashboardDocument } from '../schema.js';
import { bar, findings, heatmap, kpi, trend } from './build.js';

export const dayparting: DashboardDocument = {
  id: 'dayparting',
  title: 'Dayparting Agent',
  description: 'When should ads run?',
  kind: 'agent',
  filters: ['dateRange', 'platform', 'account', 'campaign', 'device'],
  panels: [
    findings(),
    kpi('conversion-rate', 'Conversion rate', 'ads.conversion_rate', undefined, 6),
    kpi('cpa', 'CPA', 'ads.cpa', undefined, 6),
    kpi('clicks', 'Clicks', 'ads.clicks', undefined, 6),
    kpi('conversions', 'Conversions', 'ads.conversions', undefined, 6),
    trend('daily-cpa', 'Daily spend and CPA', ['ads.spend', 'ads.cpa']),
    trend('daily-conversion-rate', 'Daily conversion rate', ['ads.conversion_rate'], { span: 6 }),
    bar('cpa-by-device', 'CPA by device', ['ads.cpa'], 'device.name'),
    heatmap(
      'hour-weekday-cvr',
      'Conversion rate by hour and weekday',
      'campaign_hourly.conversion_rate',
      'hour_of_day.number',
      'weekday.name',
      { span: 12 },
    ),
    bar('spend-by-hour', 'Spend by hour', ['campaign_hourly.spend'], 'hour_of_day.label'),
    bar('cpa-by-hour', 'CPA by hour', ['campaign_hourly.cpa'], 'hour_of_day.label'),
  ],
};
