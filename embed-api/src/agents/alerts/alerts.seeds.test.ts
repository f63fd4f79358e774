/**
 * Acceptance of the anomaly detector on generator data for 3 seeds: every injected anomaly at or above the manifest's
 * documented minimum effect is found, with at most 2 unmatched alerts per tenant over the 90 evaluated days.
 * The ground truth is the generator's manifest (what it injected), never the detector.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import tenantsJson from '../../../../dbt/generator/tenants.json' with { type: 'json' };
import { createSemanticLayer, loadCatalog } from '../../semantic/index.js';
import { createDuckDbWarehouse, type Warehouse } from '../../warehouse/index.js';
import { type ManifestEvent, nowWhereYesterdayIs, seedWarehouses } from '../testing/seed-warehouses.js';
import { createAlerter, semanticChangeSource } from './alerts.js';

const tenants = (tenantsJson as { tenants: { id: string; time_zone: string; reporting_currency: string }[] }).tenants;
const ANOMALY_KPIS: Record<string, (e: ManifestEvent) => string[]> = {
  spend_spike: (e) => ['spend', `spend:${e.platform}`],
  conversion_drop: () => ['conversions', 'cpa', 'roas'],
  tracking_outage: () => ['sessions'],
};

function eventDates(e: ManifestEvent): [string, string] {
  return [(e.date ?? e.date_from) as string, (e.date_to ?? e.date ?? e.date_from) as string];
}
const shift = (d: string, n: number) => {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() + n);
  return x.toISOString().slice(0, 10);
};

/** Whether the manifest says this anomaly is at or above the documented minimum (so it must be found). */
function mustFind(e: ManifestEvent): boolean {
  if (!(e.kind in ANOMALY_KPIS) || e.must_detect === false) return false;
  const min = e.min_effect?.min_relative_change ?? 0;
  const obs = e.observed_relative_change;
  const values = Array.isArray(obs) ? obs : obs === undefined ? [] : [obs];
  return values.some((v) => Math.abs(v) >= min);
}

describe('alerts on 3 seeds', () => {
  const warehouses: Warehouse[] = [];
  afterAll(async () => {
    for (const w of warehouses) await w.close();
  });

  it('finds every injected anomaly at or above its minimum, ≤ 2 unmatched alerts per tenant per 90 days', async () => {
    const seeds = seedWarehouses();
    expect(new Set(seeds.map((s) => s.seed)).size).toBe(3);
    const report: string[] = [];
    const failures: string[] = [];
    for (const { dir, seed, manifest } of seeds) {
      const catalog = loadCatalog(JSON.parse(readFileSync(join(dir, 'semantic_manifest.json'), 'utf8')));
      const warehouse = await createDuckDbWarehouse({ dataDir: dir, memoryLimit: '512MB', threads: 1 });
      warehouses.push(warehouse);
      const semantic = createSemanticLayer({ catalog, warehouse });
      const query = (b: unknown, s: Parameters<typeof semantic.query>[1], o?: { now?: Date }) =>
        semantic.query(b, s, o);
      const alerter = createAlerter({ query, changes: semanticChangeSource(query) });
      let found = 0;
      let requiredDrops = 0;
      const drops: string[] = [];
      let annotatedCount = 0;
      let required = 0;
      let matched = 0;
      let total = 0;
      for (const tenantId of Object.keys(manifest.tenants)) {
        const t = tenants.find((x) => x.id === tenantId);
        if (!t) throw new Error(`unknown tenant ${tenantId}`);
        const scope = {
          tenantId,
          warehouseLocation: tenantId,
          timeZone: t.time_zone,
          reportingCurrency: t.reporting_currency,
          lockedFilters: {},
        };
        const res = await alerter.alerts(scope, { now: nowWhereYesterdayIs(manifest.end_date, t.time_zone) });
        const [from, to] = res.window;
        const events = manifest.events.filter((e) => e.tenant === tenantId);
        // Acceptance 1 names the −30 % conversion drop. It must be found wherever its observed effect reaches the
        // documented minimum (the loop below); the generator's noise leaves some tenants' drop under it (e.g. −23 %),
        // so each seed must have at least one tenant where it does, and every drop's outcome is printed.
        const drop = events.find((e) => e.kind === 'conversion_drop');
        if (!drop) failures.push(`seed ${seed} ${tenantId}: no injected conversion drop`);
        else if (eventDates(drop)[1] >= from) {
          const [d0, d1] = eventDates(drop);
          const hit = res.alerts.some(
            (a) => ANOMALY_KPIS.conversion_drop?.(drop).includes(a.kpi) && a.date >= d0 && a.date <= d1,
          );
          const obs = ([] as number[]).concat((drop.observed_relative_change as number | number[] | undefined) ?? []);
          drops.push(
            `${tenantId} ${obs.map((v) => `${Math.round(v * 100)}%`).join('/')}${mustFind(drop) ? '' : ' (under the minimum)'}: ${hit ? 'found' : 'not found'}`,
          );
          if (mustFind(drop)) requiredDrops += 1;
        }
        for (const e of events.filter(mustFind)) {
          const [d0, d1] = eventDates(e);
          if (d1 < from || d0 > to) continue;
          required += 1;
          const kpis = (ANOMALY_KPIS[e.kind] as (e: ManifestEvent) => string[])(e);
          const hit = res.alerts.some((a) => kpis.includes(a.kpi) && a.date >= d0 && a.date <= d1);
          if (hit) found += 1;
          else failures.push(`seed ${seed} ${tenantId}: missed ${e.id} (${d0}…${d1})`);
          const related = (e.related_changes as { date: string }[] | undefined) ?? [];
          if (hit && related.length > 0 && catalog.members.has('campaign_changes.changes')) {
            const annotated = res.alerts.some(
              (a) =>
                kpis.includes(a.kpi) && a.date === d0 && a.changes.some((c) => related.some((r) => r.date === c.date)),
            );
            if (annotated) annotatedCount += 1;
            else
              failures.push(`seed ${seed} ${tenantId}: ${e.id} alert lacks the setting change of ${related[0]?.date}`);
          }
        }
        // An alert is explained when it falls on (or the day after) any injected event or setting change.
        // Multi-week situations (list growth, a 30-day flow decline) explain no particular day: only events of at
        // most a week count.
        const explained = (date: string) =>
          events.some((e) => {
            const [d0, d1] = eventDates(e);
            return d0 !== undefined && d1 <= shift(d0, 7) && date >= d0 && date <= shift(d1, 1);
          });
        const unmatched = res.alerts.filter((a) => !explained(a.date));
        total += res.alerts.length;
        matched += res.alerts.length - unmatched.length;
        if (unmatched.length > 2) {
          failures.push(
            `seed ${seed} ${tenantId}: ${unmatched.length} unmatched alerts: ${unmatched.map((a) => a.id).join(', ')}`,
          );
        }
      }
      if (requiredDrops === 0) failures.push(`seed ${seed}: no tenant's conversion drop reaches the minimum`);
      report.push(
        `seed ${seed}: recall ${found}/${required} = ${((found / Math.max(required, 1)) * 100).toFixed(0)}%, ` +
          `precision ${matched}/${total} = ${((matched / Math.max(total, 1)) * 100).toFixed(0)}%, ` +
          `${annotatedCount} alerts annotated with their injected setting change; conversion drops: ${drops.join(', ')}`,
      );
    }
    console.log(`alerts:\n  ${report.join('\n  ')}`);
    expect(failures).toEqual([]);
  }, 600_000);
});
