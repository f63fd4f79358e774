import type { DashboardDocument } from '../schema.js';
import { bar, findings, kpi, table, trend } from './build.js';

const withViews = [{ member: 'ads.video_views', operator: 'gt' as const, values: [0] }];

export const video: DashboardDocument = {
  id: 'video',
  title: 'Video Engagement Agent',
  description: 'Do people watch the videos?',
  kind: 'agent',
  filters: ['dateRange', 'platform', 'account', 'campaign'],
  panels: [
    findings(),
    kpi('video-views', 'Video views', 'ads.video_views', undefined, 6),
    kpi('spend', 'Spend', 'ads.spend', undefined, 6),
    kpi('impressions', 'Impressions', 'ads.impressions', undefined, 6),
    kpi('clicks', 'Clicks', 'ads.clicks', undefined, 6),
    kpi('ctr', 'CTR', 'ads.ctr', undefined, 6),
    trend('views-trend', 'Daily video views', ['ads.video_views']),
    bar('views-by-campaign', 'Video views by campaign', ['ads.video_views'], 'campaign.name', { limit: 15 }),
    bar('views-by-device', 'Video views by device', ['ads.video_views'], 'device.name'),
    table(
      'video-campaigns',
      'Campaigns with video views',
      ['campaign.name', 'platform.name'],
      ['ads.video_views', 'ads.spend', 'ads.impressions'],
      { filters: withViews },
    ),
    kpi(
      'cost-per-completed-view',
      'Cost per completed view',
      'video_performance.cost_per_completed_view',
      undefined,
      6,
    ),
    kpi('completion-rate', 'Completion rate', 'video_performance.completion_rate', undefined, 6),
    table(
      'videos',
      'Videos: retention funnel',
      ['video.title'],
      [
        'video_performance.plays',
        'video_performance.p25_rate',
        'video_performance.p50_rate',
        'video_performance.p75_rate',
        'video_performance.p95_rate',
        'video_performance.completion_rate',
        'video_performance.cost_per_completed_view',
      ],
    ),
  ],
};
