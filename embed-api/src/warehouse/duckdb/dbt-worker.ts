/**
 * Client of the warm dbt process (`dbt/worker/dbt_worker.py`): one long-lived Python process that has imported dbt
 * and keeps each tenant's parsed project, so a rebuild pays neither dbt's start-up (~1.5 s) nor a parse (~5 s). The
 * process starts on the first run; runs are sent one at a time (dbt is CPU-bound and the process is single-threaded);
 * if it dies or a run exceeds the timeout, the pending run fails with the reason and the next run starts a new one.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface DbtRunReport {
  readonly success: boolean;
  /** Whether this run had to parse the project (first run for these settings, or the project changed). */
  readonly parsed: boolean;
  readonly seconds: number;
  readonly cpuSeconds: number;
  /** Peak resident memory of the worker process so far (MB). */
  readonly maxRssMb: number;
  readonly errors: readonly string[];
}

export interface DbtWorker {
  /** Runs a dbt command line (without `dbt`) with `env` laid over the worker's environment; rejects if dbt fails. */
  run(args: readonly string[], env: Readonly<Record<string, string>>, cwd: string): Promise<DbtRunReport>;
  /** Stops the process (after the run in progress, if any). */
  close(): Promise<void>;
}

export interface DbtWorkerOptions {
  /** Python of the repository's virtualenv (`<repo>/.venv/bin/python`). */
  readonly python: string;
  /** `<repo>/dbt/worker/dbt_worker.py`. */
  readonly script: string;
  /** Base environment of the process (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** A run taking longer is abandoned: the process is killed (default 30 minutes). */
  readonly timeoutMs?: number;
  readonly log?: (message: string, fields: Record<string, unknown>) => void;
}

interface Reply {
  readonly id?: number;
  readonly ready?: boolean;
  readonly ok?: boolean;
  readonly success?: boolean;
  readonly parsed?: boolean;
  readonly seconds?: number;
  readonly cpu_seconds?: number;
  readonly max_rss_mb?: number;
  readonly errors?: string[];
  readonly error?: string;
}

interface Process {
  readonly child: ChildProcessWithoutNullStreams;
  readonly ready: Promise<void>;
  readonly waiting: Map<number, (reply: Reply | Error) => void>;
  stderr: string;
}

export class DbtRunError extends Error {
  constructor(
    message: string,
    readonly errors: readonly string[] = [],
  ) {
    super(message);
    this.name = 'DbtRunError';
  }
}

export function createDbtWorker(o: DbtWorkerOptions): DbtWorker {
  let proc: Process | undefined;
  let tail: Promise<unknown> = Promise.resolve();
  let nextId = 1;

  const start = (): Process => {
    const child = spawn(o.python, [o.script], { env: o.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const waiting = new Map<number, (reply: Reply | Error) => void>();
    let markReady: () => void = () => {};
    let failStart: (e: Error) => void = () => {};
    const ready = new Promise<void>((resolve, reject) => {
      markReady = resolve;
      failStart = reject;
    });
    ready.catch(() => {});
    const p: Process = { child, ready, waiting, stderr: '' };
    child.stderr.on('data', (b: Buffer) => {
      p.stderr = (p.stderr + b.toString('utf8')).slice(-8000);
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      let reply: Reply;
      try {
        reply = JSON.parse(line) as Reply;
      } catch {
        return; // not ours (the worker sends dbt's console output to stderr; a stray line is ignored)
      }
      if (reply.ready) markReady();
      else if (reply.id !== undefined) {
        waiting.get(reply.id)?.(reply);
        waiting.delete(reply.id);
      }
    });
    const gone = (why: string) => {
      if (proc === p) proc = undefined;
      const error = new DbtRunError(`dbt worker ${why}: ${p.stderr.slice(-2000)}`);
      failStart(error);
      for (const settle of waiting.values()) settle(error);
      waiting.clear();
    };
    child.on('error', (e) => gone(`could not start (${e.message})`));
    child.on('exit', (code, signal) => gone(`exited (${signal ?? code})`));
    return p;
  };

  const send = async (args: readonly string[], env: Readonly<Record<string, string>>, cwd: string) => {
    proc ??= start();
    const p = proc;
    await p.ready;
    const id = nextId++;
    const reply = await new Promise<Reply | Error>((resolve) => {
      const timeoutMs = o.timeoutMs ?? 30 * 60_000;
      const timer = setTimeout(() => {
        resolve(new DbtRunError(`dbt run exceeded ${timeoutMs} ms; worker stopped`));
        p.child.kill('SIGKILL');
      }, timeoutMs);
      p.waiting.set(id, (r) => {
        clearTimeout(timer);
        resolve(r);
      });
      p.child.stdin.write(`${JSON.stringify({ id, args, env, cwd })}\n`);
    });
    if (reply instanceof Error) throw reply;
    const report: DbtRunReport = {
      success: reply.success === true,
      parsed: reply.parsed === true,
      seconds: reply.seconds ?? 0,
      cpuSeconds: reply.cpu_seconds ?? 0,
      maxRssMb: reply.max_rss_mb ?? 0,
      errors: reply.errors ?? [],
    };
    o.log?.('dbt worker run', { command: args[0], ...report, errors: report.errors.length });
    if (!reply.ok || !report.success) {
      const detail = [reply.error, ...report.errors].filter(Boolean).join('\n');
      throw new DbtRunError(`dbt ${args[0]} failed: ${detail || p.stderr.slice(-2000)}`, report.errors);
    }
    return report;
  };

  return {
    run(args, env, cwd) {
      const result = tail.then(() => send(args, env, cwd));
      tail = result.catch(() => {});
      return result;
    },
    async close() {
      await tail;
      const p = proc;
      if (!p) return;
      proc = undefined;
      const exited = new Promise<void>((resolve) => p.child.once('exit', () => resolve()));
      if (p.child.exitCode === null && p.child.signalCode === null) {
        p.child.stdin.end(`${JSON.stringify({ id: 0, op: 'stop' })}\n`);
        const timer = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
