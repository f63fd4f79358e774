/**
 * Issue 5, acceptance 1, as a walker: every panel query of the dashboard documents can be computed by the raw-SQL
 * reference (so `dashboard-panels-2.duckdb.test.ts`, which runs every one of them, checks it), and every panel that
 * DASHBOARDS.md lists maps to such document panels or names its gap (`testing/dashboards-md-panels.ts`).
 * Needs no warehouse.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCUMENTS } from '../dashboards/documents/index.js';
import type { PanelQuery } from '../dashboards/schema.js';
import { CHECKED_ELSEWHERE, DASHBOARDS_MD } from './testing/dashboards-md-panels.js';
import { unsupportedMembers } from './testing/raw-reference/index.js';

const queryPanels = new Map<string, PanelQuery>(
  DOCUMENTS.flatMap((d) =>
    d.panels.flatMap((p) => ('query' in p && p.query ? [[`${d.id}/${p.id}`, p.query] as const] : [])),
  ),
);

describe('panel coverage', () => {
  it('every document panel query is computable by the raw-SQL reference (checked by dashboard-panels-2)', () => {
    const unchecked = [...queryPanels]
      .filter(([id]) => CHECKED_ELSEWHERE[id] === undefined)
      .map(([id, q]) => ({ id, missing: unsupportedMembers(q) }))
      .filter((x) => x.missing.length > 0)
      .map((x) => `${x.id}: ${x.missing.join(', ')}`);
    expect(queryPanels.size).toBeGreaterThan(150);
    expect(unchecked, 'panels the reference cannot check: add their members to testing/raw-reference').toEqual([]);
  });

  it('the map lists the 18 dashboards of DASHBOARDS.md, and only document panels that have a query', () => {
    expect(Object.keys(DASHBOARDS_MD).sort()).toEqual(DOCUMENTS.map((d) => d.id).sort());
    const unknown = Object.values(DASHBOARDS_MD)
      .flat()
      .flatMap((p) => p.covered)
      .filter((id) => !queryPanels.has(id));
    expect(unknown, 'map entries naming no document panel with a query').toEqual([]);
  });

  it('every DASHBOARDS.md panel is covered by a document panel or names its gap', () => {
    const uncovered = Object.entries(DASHBOARDS_MD).flatMap(([d, panels]) =>
      panels.filter((p) => p.covered.length === 0 && !p.checkedBy && !p.gap).map((p) => `${d}: ${p.panel}`),
    );
    expect(uncovered).toEqual([]);
  });

  it('panels checked outside dashboard-panels-2 name a test file that checks them', () => {
    const src = join(import.meta.dirname, '..');
    const problems: string[] = [];
    for (const [id, file] of Object.entries(CHECKED_ELSEWHERE)) {
      if (!queryPanels.has(id)) problems.push(`${id}: no document panel with a query`);
      const path = join(src, file);
      if (!existsSync(path) || !readFileSync(path, 'utf8').includes(id)) problems.push(`${id}: not in ${file}`);
    }
    const agentPanels = Object.values(DASHBOARDS_MD)
      .flat()
      .flatMap((p) => (p.checkedBy ? [p.checkedBy] : []));
    for (const { file, test } of agentPanels) {
      const path = join(src, file);
      // a test of that name (not a comment): `it('<test>'`
      if (!existsSync(path) || !readFileSync(path, 'utf8').includes(`it('${test}'`)) {
        problems.push(`"${test}": no such test in ${file}`);
      }
    }
    expect(Object.keys(CHECKED_ELSEWHERE).length + agentPanels.length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });

  it('no known gaps (a new one fails here: close it, or list it and say so in src/semantic/README.md)', () => {
    const gaps = Object.entries(DASHBOARDS_MD).flatMap(([d, panels]) =>
      panels.filter((p) => p.gap !== undefined).map((p) => `${d}: ${p.panel}`),
    );
    expect(Object.values(DASHBOARDS_MD).flat().length).toBeGreaterThan(80);
    expect(gaps).toEqual([]);
  });
});
