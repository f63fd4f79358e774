/**
 * Rebuilding a tenant's marts while the API serves them (embedded DuckDB): dbt writes a NEW file
 * `<dataDir>/<location>/marts-<n+1>.duckdb` (profile path from `MIQ_MARTS_PATH`), which nobody reads yet; on success
 * the `current` pointer is replaced atomically (write + rename), the warehouse swaps its read-only attachment, and
 * versions older than the previous one are deleted. A failed build (models or tests) leaves everything as it was.
 * Incremental by default: the new file starts as a copy of the live one, so dbt's incremental models re-read only
 * their lookback window (the restated days) instead of rebuilding every fact; if that build fails (e.g. a deploy
 * changed a model's columns), the rebuild is retried from an empty file, i.e. a full build.
 * `scripts/warehouse.sh` writes `marts.duckdb`, the initial version (0) when no pointer exists.
 */
import { spawn } from 'node:child_process';
import { access, copyFile, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { currentMartsFile, type DuckDbWarehouse } from './duckdb-warehouse.js';

export const versionOf = (file: string): number => Number(/^marts-(\d+)\.duckdb$/.exec(file)?.[1] ?? 0);

export interface DbtRebuildOptions {
  readonly dataDir: string;
  /** Repository root: `dbt/` (project + profiles) and `.venv/bin/dbt` live there. */
  readonly repoRoot: string;
  readonly warehouse: DuckDbWarehouse;
  /** dbt executable (default `<repoRoot>/.venv/bin/dbt`). */
  readonly dbtBin?: string;
  /** `dbt/generator/tenants.json`: reporting and source currencies, time zone per tenant (dbt vars). */
  readonly tenantsFile?: string;
  /** dbt command (default `build`: models and tests; a failing test keeps the old version). */
  readonly command?: readonly string[];
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly log?: (message: string, fields: Record<string, unknown>) => void;
  /** Start from a copy of the live version (default true; false: every rebuild is a full build). */
  readonly incremental?: boolean;
  /**
   * Every n-th version built incrementally also compacts the file (default 7): incremental runs skip DuckDB's merge of
   * row groups left part-empty by their deletes (`dbt/macros/row_group_merge.sql`); this run passes
   * `--vars {compact_marts: true}` so that its checkpoint merges them. A full build is compact anyway.
   */
  readonly compactEvery?: number;
}

const exists = (file: string): Promise<boolean> =>
  access(file).then(
    () => true,
    () => false,
  );

interface TenantSettings {
  readonly id: string;
  readonly reporting_currency: string;
  readonly time_zone: string;
  readonly accounts?: Record<string, Array<{ currency?: string }>>;
}

async function tenantEnv(tenantsFile: string, location: string): Promise<Record<string, string>> {
  const doc = JSON.parse(await readFile(tenantsFile, 'utf8')) as { tenants: TenantSettings[] };
  const t = doc.tenants.find((x) => x.id === location);
  if (!t) return {};
  const first = (platform: string): string => t.accounts?.[platform]?.[0]?.currency ?? t.reporting_currency;
  return {
    MIQ_REPORTING_CURRENCY: t.reporting_currency,
    MIQ_GA4_CURRENCY: first('google_analytics_4'),
    MIQ_KLAVIYO_CURRENCY: first('klaviyo'),
    MIQ_TIME_ZONE: t.time_zone,
  };
}

function run(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, [...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const keep = (b: Buffer): void => {
      out = (out + b.toString('utf8')).slice(-8000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`dbt exited ${code}: ${out.slice(-2000)}`)),
    );
  });
}

/** Returns `rebuild(location)`: dbt into the next version, publish, swap, clean up; resolves to the new file name. */
export function createDbtRebuilder(o: DbtRebuildOptions): (location: string) => Promise<string> {
  const dbt = o.dbtBin ?? join(o.repoRoot, '.venv/bin/dbt');
  const tenantsFile = o.tenantsFile ?? join(o.repoRoot, 'dbt/generator/tenants.json');
  return async (location) => {
    const dir = join(o.dataDir, location);
    const current = await currentMartsFile(o.dataDir, location);
    const next = `marts-${versionOf(current) + 1}.duckdb`;
    const target = join(dir, next);
    await rm(target, { force: true });
    await rm(`${target}.wal`, { force: true });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...o.env,
      ...(await tenantEnv(tenantsFile, location)),
      MIQ_WAREHOUSE_DIR: o.dataDir,
      MIQ_TENANT: location,
      MIQ_MARTS_PATH: target,
      DBT_SEND_ANONYMOUS_USAGE_STATS: 'false',
      DBT_USE_COLORS: 'false',
    };
    const args = [
      ...(o.command ?? ['build']),
      '--project-dir',
      join(o.repoRoot, 'dbt'),
      '--profiles-dir',
      join(o.repoRoot, 'dbt'),
      '--target-path',
      join(o.repoRoot, 'dbt', 'target', `refresh-${location}`),
      '--log-path',
      join(o.repoRoot, 'dbt', 'logs', `refresh-${location}`),
      '--quiet',
    ];
    const discard = async () => {
      await rm(target, { force: true });
      await rm(`${target}.wal`, { force: true });
    };
    const live = join(dir, current);
    let mode: 'incremental' | 'full' = o.incremental !== false && (await exists(live)) ? 'incremental' : 'full';
    const compactEvery = o.compactEvery ?? 7;
    const compact = mode === 'incremental' && compactEvery > 0 && versionOf(next) % compactEvery === 0;
    const t0 = performance.now();
    try {
      if (mode === 'incremental') {
        // The live file is attached read-only (nothing writes it); a WAL left by a crash goes with it.
        await copyFile(live, target);
        if (await exists(`${live}.wal`)) await copyFile(`${live}.wal`, `${target}.wal`);
        try {
          await run(dbt, compact ? [...args, '--vars', '{compact_marts: true}'] : args, o.repoRoot, env);
        } catch (error) {
          o.log?.('incremental rebuild failed; full build', { location, error: String(error).slice(0, 500) });
          await discard();
          mode = 'full';
          await run(dbt, args, o.repoRoot, env);
        }
      } else {
        await run(dbt, args, o.repoRoot, env);
      }
    } catch (error) {
      await discard();
      throw error;
    }
    await writeFile(join(dir, 'current.tmp'), `${next}\n`);
    await rename(join(dir, 'current.tmp'), join(dir, 'current'));
    await o.warehouse.reattach(location);
    // Keep the live version and the one before it; older versions are no longer attached by anyone.
    const keep = new Set([next, current, 'marts.duckdb']);
    for (const f of await readdir(dir)) {
      const base = f.replace(/\.wal$/, '');
      if (/^marts-\d+\.duckdb$/.test(base) && !keep.has(base) && versionOf(base) < versionOf(next)) {
        await rm(join(dir, f), { force: true });
      }
    }
    o.log?.('marts rebuilt', {
      location,
      file: next,
      mode,
      ...(compact && mode === 'incremental' ? { compacted: true } : {}),
      seconds: Math.round(performance.now() - t0) / 1000,
    });
    return next;
  };
}
