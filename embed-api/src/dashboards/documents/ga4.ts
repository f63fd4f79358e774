import type { DashboardDocument } from '../schema.js';
import { bar, kpi, stackedArea, table } from './build.js';

export const ga4: DashboardDocument = {
  id: 'ga4',
  title: 'Website (GA4)',
  description: 'Traffic, engagement and conversions on the website.',
  kind: 'platform',
  filters: ['dateRange', 'sourceMedium', 'device', 'country'],
  panels: [
    kpi('sessions', 'Sessions', 'ga4.sessions'),
    kpi('engaged-sessions', 'Engaged sessions', 'ga4.engaged_sessions'),
    kpi('new-users', 'New users', 'ga4.new_users'),
    kpi('engagement-rate', 'Engagement rate', 'ga4.engagement_rate'),
    kpi('conversions', 'Conversions', 'ga4_conversions.conversions', undefined, 4),
    kpi('revenue', 'Revenue', 'ga4.revenue', undefined, 4),
    kpi('key-events', 'Key events', 'ga4.key_events', undefined, 4),
    stackedArea(
      'sessions-by-channel',
      'Sessions by default channel group',
      'ga4.sessions',
      'source_medium.channel_group',
      { span: 12 },
    ),
    table(
      'source-medium',
      'Source / medium',
      ['source_medium.key', 'source_medium.channel_group'],
      ['ga4.sessions', 'ga4.engaged_sessions', 'ga4.engagement_rate', 'ga4.key_events', 'ga4.revenue'],
    ),
    bar('countries', 'Sessions by country', ['ga4.sessions'], 'country.name', { limit: 15 }),
    bar('conversions-by-event', 'Conversions by event', ['ga4_conversions.conversions'], 'conversion_action.name'),
    // DASHBOARDS.md "KPI users". GA4 reports total users per row (day × source / medium × country × device); a user
    // active on several rows counts on each, so `ga4.users` has no period total (validGrain).
    {
      id: 'users-daily',
      type: 'table',
      title: 'Users per day by source / medium, country and device',
      description:
        'Total users as GA4 reports them for each day, source / medium, country and device. A user active on several days or rows counts on each, so users are never added up into a period total.',
      span: 12,
      pageSize: 10,
      query: {
        measures: ['ga4.users', 'ga4.new_users', 'ga4.sessions'],
        dimensions: ['source_medium.key', 'country.code', 'device.code'],
        timeDimension: { dimension: 'date.day', granularity: 'day' },
        order: [
          ['date.day', 'desc'],
          ['ga4.users', 'desc'],
        ],
        limit: 5000,
      },
    },
  ],
};
