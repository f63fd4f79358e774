/**
 * DASHBOARDS.md: "Together the 18 dashboards read all 22 facts." Walks every panel of every document through the
 * catalog (metric → semantic model → mart table) and fails naming each fact no dashboard reads.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../semantic/index.js';
import { createDashboardRegistry } from './registry.js';

const dir = path.resolve(import.meta.dirname, '../../..', process.env.MIQ_WAREHOUSE_DIR ?? 'data/test');
const catalog = loadCatalog(JSON.parse(readFileSync(path.join(dir, 'semantic_manifest.json'), 'utf8')));

// the 22 facts of DASHBOARDS.md ("main facts" columns), as mart tables
const FACTS = [
  'CAMPAIGN_PERFORMANCE_DAILY',
  'GA4_TRAFFIC_DAILY',
  'GA4_CONVERSIONS_DAILY',
  'EMAIL_CAMPAIGN_DAILY',
  'EMAIL_FLOW_DAILY',
  'CAMPAIGN_HOURLY',
  'AD_GROUP_PERFORMANCE_DAILY',
  'KEYWORD_PERFORMANCE_DAILY',
  'AD_SET_PERFORMANCE_DAILY',
  'AD_PERFORMANCE_DAILY',
  'DEMOGRAPHICS_DAILY',
  'ECOMMERCE_ITEM_DAILY',
  'BUDGET_CHANGES_HISTORY',
  'BIDDING_CHANGES_HISTORY',
  'SEARCH_TERM_DAILY',
  'AD_REACTIONS_DAILY',
  'VIDEO_PERFORMANCE_DAILY',
  'AUDIENCE_DAILY',
  'LIST_MEMBERSHIP',
  'SEGMENT_MEMBERSHIP',
  'CAMPAIGN_SETTINGS_HISTORY',
  'AD_GROUP_SETTINGS_HISTORY',
].map((f) => `fact_${f.toLowerCase()}`);

describe('fact coverage', () => {
  it('the 18 dashboards read all 22 facts', () => {
    expect(new Set(FACTS).size).toBe(22);
    const registry = createDashboardRegistry(catalog);
    // dbt/models/semantic/{list,segment}_membership_changes.sql: day-level views over the membership facts (ref())
    const VIEWS: Record<string, string> = {
      list_membership_changes: 'fact_list_membership',
      segment_membership_changes: 'fact_segment_membership',
    };
    const read = new Set(registry.documents.flatMap((d) => registry.factsOf(d.id)).map((t) => VIEWS[t] ?? t));
    const unread = FACTS.filter((f) => !read.has(f));
    const tables = new Set([...catalog.facts.values()].map((x) => VIEWS[x.table.name] ?? x.table.name));
    const notInCatalog = unread.filter((f) => !tables.has(f));
    expect(
      unread,
      `facts no dashboard reads (${notInCatalog.length} of them not in the catalog yet: ${notInCatalog.join(', ')})`,
    ).toEqual([]);
  });
});
