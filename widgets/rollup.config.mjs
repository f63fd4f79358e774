// Builds of @miq/widgets:
//  - dist/esm/: ES modules for bundlers (one file per module; lit, @lit/* and vega* stay imports).
//  - dist/cdn/v<version>/miq-widgets.js: the script-tag build (<script type="module" src=…>), everything bundled and
//    minified; the chart runtime (vega + vega-interpreter) and the Vega-Lite compiler are lazy chunks loaded when a chart
//    is on screen.
//  - dist/cdn/v<version>/miq-widgets.all.js: one classic script (IIFE) with everything inlined, for hosts that cannot
//    load modules (outside the size budgets).
import { readFileSync } from 'node:fs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { transform } from 'esbuild';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/** TypeScript → JavaScript with esbuild (type-checking is `npm run typecheck`); Lit's legacy decorators. */
function typescript() {
  return {
    name: 'esbuild-typescript',
    async transform(code, id) {
      if (!/\.tsx?$/.test(id)) return null;
      const out = await transform(code, {
        loader: 'ts',
        target: 'es2022',
        format: 'esm',
        sourcemap: true,
        sourcefile: id,
        tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
      });
      return { code: out.code, map: out.map };
    },
  };
}

const resolve = () =>
  nodeResolve({ extensions: ['.ts', '.mjs', '.js'], exportConditions: ['browser', 'production'], browser: true });

const warn = (warning, handler) => {
  if (warning.code === 'CIRCULAR_DEPENDENCY' || warning.code === 'THIS_IS_UNDEFINED') return;
  handler(warning);
};

/**
 * For the size budget only (scripts/size.mjs): the script-tag entry with the SDK and the chart runtime left out, i.e.
 * "Lit + elements without charts".
 */
export const elementsOnly = {
  input: 'src/define.ts',
  external: (id) => id === '@miq/sdk-js' || /^vega/.test(id) || /\/charts\/(runtime|compile)\.js$/.test(id),
  plugins: [
    resolve(),
    typescript(),
    terser({ module: true, ecma: 2020, compress: { passes: 2 }, format: { comments: false } }),
  ],
  output: { format: 'es', chunkFileNames: '[name].js' },
  onwarn: (warning, handler) => warning.code !== 'UNUSED_EXTERNAL_IMPORT' && warn(warning, handler),
};

export default [
  {
    input: { index: 'src/index.ts', define: 'src/define.ts' },
    external: (id) => /^(lit|@lit\/|vega)/.test(id),
    plugins: [resolve(), typescript()],
    output: { dir: 'dist/esm', format: 'es', preserveModules: true, preserveModulesRoot: 'src', sourcemap: true },
    onwarn: warn,
  },
  {
    input: { 'miq-widgets': 'src/define.ts' },
    plugins: [
      resolve(),
      typescript(),
      terser({ module: true, ecma: 2020, compress: { passes: 2 }, format: { comments: false } }),
    ],
    output: {
      dir: `dist/cdn/v${version}`,
      format: 'es',
      entryFileNames: '[name].js',
      chunkFileNames: 'chunks/[name]-[hash].js',
      sourcemap: true,
    },
    onwarn: warn,
  },
  {
    input: 'src/define.ts',
    plugins: [resolve(), typescript(), terser({ ecma: 2020, compress: { passes: 2 }, format: { comments: false } })],
    output: {
      file: `dist/cdn/v${version}/miq-widgets.all.js`,
      format: 'iife',
      name: 'MiqWidgets',
      inlineDynamicImports: true,
    },
    onwarn: warn,
  },
];
