/** Headless Debian Chromium (as e2e/harness.mjs launches it) and page helpers for the examples' browser tests. */
import { type Browser, chromium, type Page } from 'playwright-core';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
  });
}

/** One panel of the `<miq-dashboard>` on the page, as rendered. */
export interface PanelSeen {
  readonly id: string;
  readonly state: string;
  readonly query: Record<string, unknown> | undefined;
  readonly rows: Record<string, unknown>[] | undefined;
  readonly value: string | undefined;
}

/** Waits for the page's dashboard (optionally the one for `tenant`) and every panel to settle; reports each panel. */
export async function dashboardPanels(page: Page, tenant?: string): Promise<PanelSeen[]> {
  await page.waitForFunction(
    (t) => {
      const el = document.querySelector('miq-dashboard') as (HTMLElement & { panels?: unknown[] }) | null;
      return !!el && (t === null || el.dataset.tenant === t) && (el.panels?.length ?? 0) > 0;
    },
    tenant ?? null,
    { timeout: 60_000 },
  );
  return page.evaluate(async () => {
    type Panel = HTMLElement & {
      panelState: string;
      settled(): Promise<void>;
      response?: { query?: Record<string, unknown>; rows?: Record<string, unknown>[] };
    };
    const el = document.querySelector('miq-dashboard') as HTMLElement & { panels: Panel[] };
    const out = [];
    for (const p of el.panels) {
      p.scrollIntoView();
      await p.settled();
      out.push({
        id: p.dataset.panel ?? '',
        state: p.panelState,
        query: p.response?.query,
        rows: p.response?.rows,
        value: p.shadowRoot?.querySelector('[part="value"]')?.textContent?.replace(/\s+/g, ' ').trim(),
      });
    }
    return out;
  });
}

/** The request a panel's normalized query stands for, to send to the API directly. */
export function requestOf(query: Record<string, unknown>): Record<string, unknown> {
  const td = query.timeDimension as { dimension: string; granularity: string | null; dateRange: unknown } | null;
  return {
    measures: query.measures,
    dimensions: query.dimensions,
    filters: query.filters,
    ...(td
      ? {
          timeDimension: {
            dimension: td.dimension,
            dateRange: td.dateRange,
            ...(td.granularity ? { granularity: td.granularity } : {}),
          },
        }
      : {}),
    // the normalized query carries `{ mode, dateRange }`; a request names the mode
    ...(query.compare ? { compare: (query.compare as { mode: string }).mode } : {}),
    ...(Array.isArray(query.order) && query.order.length > 0 ? { order: query.order } : {}),
    ...(query.limit !== undefined ? { limit: query.limit } : {}),
  };
}
