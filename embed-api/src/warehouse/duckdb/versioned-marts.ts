/**
 * Rebuilding a tenant's marts while the API serves them (embedded DuckDB): dbt writes a NEW file
 * `<dataDir>/<location>/marts-<n+1>.duckdb` (profile path from `MIQ_MARTS_PATH`), which nobody reads yet; on success
 * the `current` pointer is replaced atomically (write + rename), the warehouse swaps its read-only attachment, and
 * versions older than the previous one are deleted. A failed build (models or tests) leaves everything as it was.
 * Incremental by default: the new file starts as a copy of the live one, so dbt's incremental models re-read only
 * their lookback window (the restated days) instead of rebuilding every fact; if that build fails (e.g. a deploy
 * changed a model's columns), the rebuild is retried from an empty file, i.e. a full build.
 * `scripts/warehouse.sh` writes `marts.duckdb`, the initial version (0) when no pointer exists.
 * dbt builds at a fixed path per tenant, `<location>/build/marts.duckdb`, and the file is renamed to its version when
 * dbt has closed it: the profile (and with it the database name dbt compiles into every model) stays the same from
 * run to run, so dbt reuses its parsed project instead of parsing it again for each version.
 * dbt runs in the warm dbt worker (`dbt-worker.ts`) unless `dbtBin` names an executable to spawn per run.
 */
import { spawn } from 'node:child_process';
import { access, copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createDbtWorker, type DbtWorker } from './dbt-worker.js';
import { currentMartsFile, type DuckDbWarehouse } from './duckdb-warehouse.js';

export const versionOf = (file: string): number => Number(/^marts-(\d+)\.duckdb$/.exec(file)?.[1] ?? 0);

export interface DbtRebuildOptions {
  readonly dataDir: string;
  /** Repository root: `dbt/` (project + profiles) and `.venv/bin/dbt` live there. */
  readonly repoRoot: string;
  readonly warehouse: DuckDbWarehouse;
  /** A dbt executable spawned for each run, instead of the warm worker (`<repoRoot>/.venv/bin/dbt` for the CLI). */
  readonly dbtBin?: string;
  /** The warm dbt worker to run in (default: one started on the first rebuild and stopped by `close()`). */
  readonly worker?: DbtWorker;
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

export interface DbtRebuilder {
  /** dbt into the next version, publish, swap, clean up; resolves to the new file name. */
  (location: string): Promise<string>;
  /** Stops the dbt worker this rebuilder started (after the rebuild in progress). */
  close(): Promise<void>;
}

export function createDbtRebuilder(o: DbtRebuildOptions): DbtRebuilder {
  const tenantsFile = o.tenantsFile ?? join(o.repoRoot, 'dbt/generator/tenants.json');
  let ownWorker: DbtWorker | undefined;
  const worker = (): DbtWorker => {
    if (o.worker) return o.worker;
    if (!ownWorker) {
      ownWorker = createDbtWorker({
        python: join(o.repoRoot, '.venv/bin/python'),
        script: join(o.repoRoot, 'dbt/worker/dbt_worker.py'),
        ...(o.log ? { log: o.log } : {}),
      });
    }
    return ownWorker;
  };
  const runDbt = async (args: readonly string[], env: Record<string, string>): Promise<void> => {
    if (o.dbtBin) await run(o.dbtBin, args, o.repoRoot, { ...process.env, ...env });
    else await worker().run(args, env, o.repoRoot);
  };
  const rebuild = async (location: string): Promise<string> => {
    const dir = join(o.dataDir, location);
    const current = await currentMartsFile(o.dataDir, location);
    const next = `marts-${versionOf(current) + 1}.duckdb`;
    const target = join(dir, 'build', 'marts.duckdb');
    await mkdir(join(dir, 'build'), { recursive: true });
    await rm(target, { force: true });
    await rm(`${target}.wal`, { force: true });
    const definedEnv = Object.fromEntries(
      Object.entries(o.env ?? {}).filter((e): e is [string, string] => e[1] !== undefined),
    );
    const env: Record<string, string> = {
      ...definedEnv,
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
          await runDbt(compact ? [...args, '--vars', '{compact_marts: true}'] : args, env);
        } catch (error) {
          o.log?.('incremental rebuild failed; full build', { location, error: String(error).slice(0, 500) });
          await discard();
          mode = 'full';
          await runDbt(args, env);
        }
      } else {
        await runDbt(args, env);
      }
      // dbt has closed the file (checkpointed: no WAL left); it becomes the next version.
      await rm(join(dir, `${next}.wal`), { force: true });
      await rename(target, join(dir, next));
      if (await exists(`${target}.wal`)) await rename(`${target}.wal`, join(dir, `${next}.wal`));
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
  return Object.assign(rebuild, {
    async close() {
      await ownWorker?.close();
    },
  });
}
