/**
 * The dashboard document (DASHBOARDS.md): the zod schema every document in `documents/` is validated with at start-up,
 * and the types `GET /api/v1/dashboards/{id}` serves. Panel queries leave out the date range and the user's filter
 * choices; the dashboard's filter state supplies them, with the token's locked filters on top.
 */
import { z } from 'zod';
import { MetricsRequestFields } from '../wire/metrics.js';

export const DashboardIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a-z, 0-9 and -');
export const PanelIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a-z, 0-9 and -');

/** A panel's query: a metrics request without a date range (the filter state supplies it). */
export const PanelQuerySchema = z.strictObject({
  measures: MetricsRequestFields.measures.optional(),
  dimensions: MetricsRequestFields.dimensions.optional(),
  timeDimension: z
    .strictObject({
      dimension: z.string(),
      granularity: z.enum(['day', 'week', 'month', 'quarter', 'year']).optional(),
    })
    .optional(),
  compare: MetricsRequestFields.compare.optional(),
  filters: MetricsRequestFields.filters.optional(),
  order: MetricsRequestFields.order.optional(),
  limit: MetricsRequestFields.limit.optional(),
  /** Running totals over the time buckets (month-to-date spend, list size): validated as `POST /metrics` does. */
  cumulative: MetricsRequestFields.cumulative.optional(),
  /** Top N per group (the same N entities in every time bucket): validated as `POST /metrics` does. */
  top: MetricsRequestFields.top.optional(),
});
export type PanelQuery = z.infer<typeof PanelQuerySchema>;

const base = {
  id: PanelIdSchema,
  title: z.string().min(1).max(120),
  description: z.string().max(500).optional(),
  /** Columns out of 12. */
  span: z.int().min(1).max(12).optional(),
};

export const KpiPanelSchema = z.strictObject({ ...base, type: z.literal('kpi'), query: PanelQuerySchema });
export const TablePanelSchema = z.strictObject({
  ...base,
  type: z.literal('table'),
  query: PanelQuerySchema,
  pageSize: z.int().min(1).max(100).optional(),
});
export const ChartPanelSchema = z.strictObject({
  ...base,
  type: z.literal('chart'),
  query: PanelQuerySchema,
  /** A Vega-Lite spec whose data is `{ name: 'rows' }`. */
  spec: z.record(z.string(), z.unknown()),
});
/**
 * Agent output (issue 11): findings of `POST /api/v1/agents/recommend` for this dashboard, or active alerts
 * (`GET /api/v1/alerts`), rendered by `<miq-insights>` / `<miq-alerts>`; with no finding the widget says so — never
 * invented findings.
 */
export const AgentPanelSchema = z.strictObject({
  ...base,
  type: z.enum(['findings', 'alerts']),
});
export const PanelSchema = z.discriminatedUnion('type', [
  KpiPanelSchema,
  TablePanelSchema,
  ChartPanelSchema,
  AgentPanelSchema,
]);
export type DashboardPanel = z.infer<typeof PanelSchema>;
export type QueryPanel = Extract<DashboardPanel, { query: PanelQuery }>;

/** Filter names the filter bar knows, and the member each one filters on. */
export const FILTER_MEMBERS: Readonly<Record<string, string>> = {
  platform: 'platform.code',
  account: 'account.id',
  campaign: 'campaign.id',
  adGroup: 'ad_group.id',
  adSet: 'ad_set.id',
  ad: 'ad.id',
  keyword: 'keyword.id',
  device: 'device.code',
  country: 'country.code',
  sourceMedium: 'source_medium.key',
  emailCampaign: 'email_campaign.id',
  flow: 'email_flow.id',
  list: 'list.id',
  segment: 'segment.id',
  itemCategory: 'item.category',
};

export const DashboardDocumentSchema = z
  .strictObject({
    id: DashboardIdSchema,
    title: z.string().min(1).max(120),
    description: z.string().max(500),
    kind: z.enum(['platform', 'agent']),
    /** `dateRange` first, then filter names of `FILTER_MEMBERS`. */
    filters: z.array(z.string()).min(1),
    panels: z.array(PanelSchema).min(1).max(40),
  })
  .superRefine((doc, ctx) => {
    const seen = new Set<string>();
    doc.panels.forEach((p, i) => {
      if (seen.has(p.id))
        ctx.addIssue({ code: 'custom', path: ['panels', i, 'id'], message: `duplicate panel id "${p.id}"` });
      seen.add(p.id);
    });
    doc.filters.forEach((f, i) => {
      if (f !== 'dateRange' && FILTER_MEMBERS[f] === undefined) {
        ctx.addIssue({ code: 'custom', path: ['filters', i], message: `unknown filter "${f}"` });
      }
    });
  });
export type DashboardDocument = z.infer<typeof DashboardDocumentSchema>;

/** Default filter values a partner sets per tenant (customisation). */
export const DefaultFiltersSchema = z.strictObject({
  dateRange: z.string().min(1).max(40).optional(),
  compare: z.boolean().optional(),
  selections: z.record(z.string(), z.array(z.union([z.string().max(200), z.number()])).max(100)).optional(),
});
export type DefaultFilters = z.infer<typeof DefaultFiltersSchema>;

/** What a partner changes on one dashboard for one tenant (`PUT /admin/tenants/{t}/dashboards/{id}`). */
export const CustomisationSchema = z.strictObject({
  hidden: z.array(PanelIdSchema).max(40).optional(),
  order: z.array(PanelIdSchema).max(80).optional(),
  titles: z.record(PanelIdSchema, z.string().min(1).max(120)).optional(),
  added: z
    .array(z.discriminatedUnion('type', [KpiPanelSchema, TablePanelSchema, ChartPanelSchema]))
    .max(20)
    .optional(),
  defaultFilters: DefaultFiltersSchema.optional(),
});
export type Customisation = z.infer<typeof CustomisationSchema>;

/** A saved view: the end user's filter state on one dashboard (`POST /dashboards/{id}/views`). */
export const SavedViewInputSchema = z.strictObject({
  name: z.string().min(1).max(120),
  state: z.record(z.string(), z.unknown()).refine((s) => JSON.stringify(s).length <= 16_000, 'at most 16 000 bytes'),
});
export type SavedViewInput = z.infer<typeof SavedViewInputSchema>;
