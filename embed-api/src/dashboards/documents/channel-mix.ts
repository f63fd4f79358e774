import type { DashboardDocument } from '../schema.js';
import { bar, findings, kpi, stackedArea, table } from './build.js';

export const channelMix: DashboardDocument = {
  id: 'channel-mix',
  title: 'Channel Mix Agent',
  description: 'Which channels drive results, and do platforms over-claim?',
  kind: 'agent',
  filters: ['dateRange', 'platform'],
  panels: [
    findings(),
    kpi('platform-conversions', 'Platform-reported conversions', 'ads.conversions', undefined, 4),
    kpi('ga4-conversions', 'GA4 conversions', 'ga4_conversions.conversions', undefined, 4),
    kpi('sessions', 'Sessions', 'ga4.sessions', undefined, 4),
    kpi('key-events', 'Key events (GA4)', 'ga4.key_events', undefined, 4),
    bar(
      'claimed-vs-ga4',
      'Platform-reported vs GA4 conversions',
      ['ads.conversions', 'ga4_conversions.conversions'],
      'platform.code',
    ),
    bar('spend-vs-conversions', 'Spend vs conversions by platform', ['ads.spend', 'ads.conversions'], 'platform.name'),
    stackedArea('sessions-by-channel', 'Sessions by channel group', 'ga4.sessions', 'source_medium.channel_group', {
      span: 12,
    }),
    table(
      'channels',
      'Channel groups',
      ['source_medium.channel_group'],
      ['ga4.sessions', 'ga4.key_events', 'ga4.revenue'],
    ),
  ],
};
