import type { DashboardDocument } from '../schema.js';
import { bar, kpi, linesBy, table } from './build.js';

const purchases = [{ member: 'conversion_action.key', operator: 'equals' as const, values: ['ga4:purchase'] }];

export const ecommerce: DashboardDocument = {
  id: 'ecommerce',
  title: 'Products',
  description: 'Purchases and revenue on the website.',
  kind: 'platform',
  filters: ['dateRange'],
  panels: [
    kpi('purchase-revenue', 'Purchase revenue', 'ga4_conversions.value', purchases),
    kpi('purchases', 'Purchases', 'ga4_conversions.conversions', purchases),
    kpi('average-order-value', 'Average order value', 'ga4_conversions.value_per_conversion', purchases),
    kpi('revenue', 'Website revenue', 'ga4.revenue'),
    kpi('sessions', 'Sessions', 'ga4.sessions'),
    kpi('key-events', 'Key events', 'ga4.key_events'),
    kpi('engaged-sessions', 'Engaged sessions', 'ga4.engaged_sessions'),
    bar('value-by-event', 'Conversion value by event', ['ga4_conversions.value'], 'conversion_action.name'),
    linesBy(
      'revenue-by-category',
      'Conversion value by category over time',
      'ga4_conversions.value',
      'conversion_action.category',
    ),
    table(
      'purchases-by-source',
      'Purchases by source / medium',
      ['source_medium.key'],
      ['ga4_conversions.conversions', 'ga4_conversions.value', 'ga4_conversions.value_per_conversion'],
      { filters: purchases },
    ),
    kpi('item-revenue', 'Item revenue', 'ecommerce.item_revenue'),
    kpi('items-purchased', 'Items purchased', 'ecommerce.items_purchased'),
    bar('top-items', 'Top items by revenue', ['ecommerce.item_revenue'], 'ecommerce.item_name', { limit: 10 }),
    linesBy(
      'item-revenue-by-category',
      'Item revenue by category',
      'ecommerce.item_revenue',
      'ecommerce.item_category',
    ),
    table(
      'items',
      'Items',
      ['ecommerce.item_name', 'ecommerce.item_category'],
      [
        'ecommerce.items_viewed',
        'ecommerce.items_added_to_cart',
        'ecommerce.items_purchased',
        'ecommerce.item_revenue',
      ],
      { limit: 50 },
    ),
  ],
};
