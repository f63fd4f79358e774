// Acceptance 4: the browser entry, bundled and minified for the browser with esbuild, then gzipped, fits in 6 KB.
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const BUDGET_BYTES = 6 * 1024;

async function bundle(entry: string): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [new URL(entry, import.meta.url).pathname],
    bundle: true,
    format: 'esm',
    minify: true,
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.contents;
}

describe('browser bundle size', () => {
  it('the browser entry is at most 6 KB minified + gzip, and carries no Node, jose or zod code', async () => {
    const code = await bundle('./index.ts');
    const gz = gzipSync(code).byteLength;
    console.log(
      `@miq/sdk-js browser entry: ${code.byteLength} B minified, ${gz} B min+gzip (budget ${BUDGET_BYTES} B)`,
    );
    expect(gz).toBeLessThanOrEqual(BUDGET_BYTES);
    const text = new TextDecoder().decode(code);
    expect(text).not.toMatch(/node:|SignJWT|jose|zod/);
  });

  it('bundling the node entry for a browser resolves to the stub that throws', async () => {
    const result = await build({
      stdin: { contents: "import '@miq/sdk-js/node';", resolveDir: new URL('.', import.meta.url).pathname },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    const text = result.outputFiles[0]!.text;
    expect(text).toContain('server-side only');
    expect(text).not.toContain('SignJWT');
  });
});
