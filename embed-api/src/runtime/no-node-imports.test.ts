/**
 * A Workers entry must be able to follow without a rewrite: only `runtime/node.ts` and the native warehouse drivers
 * may import Node built-ins. Tests and test-only helpers (`testing`) are exempt.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('..', import.meta.url));
const ALLOWED = [/^runtime\/node\.ts$/, /^warehouse\/(duckdb|snowflake)\//];
const EXEMPT = [/\.test\.ts$/, /(^|\/)testing(\/|\.ts$)/];
const NODE_IMPORT =
  /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](node:[\w/]+|fs|path|os|child_process|crypto|url|http|https|net|stream|buffer)['"]/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

describe('runtime portability', () => {
  it('has no Node built-in imports outside runtime/node.ts and the warehouse drivers', () => {
    const files = sources(SRC).map((file) => relative(SRC, file).replaceAll('\\', '/'));
    expect(files).toContain('app.ts');
    const offenders = files
      .filter((file) => !ALLOWED.some((re) => re.test(file)) && !EXEMPT.some((re) => re.test(file)))
      .filter((file) => NODE_IMPORT.test(readFileSync(join(SRC, file), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('recognises the import forms it forbids', () => {
    for (const line of [
      "import { readFile } from 'node:fs/promises';",
      "await import('node:path')",
      'import x from "crypto";',
    ]) {
      expect(NODE_IMPORT.test(line), line).toBe(true);
    }
    expect(NODE_IMPORT.test("import { Hono } from 'hono';")).toBe(false);
  });
});
