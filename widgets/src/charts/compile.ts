/**
 * The Vega-Lite compiler, a lazy chunk of its own: loaded only for Vega-Lite specs. Specs precompiled to Vega (on the
 * server or at build time) skip it and load just the Vega runtime.
 */
import { type Config, compile, type TopLevelSpec } from 'vega-lite';

export function compileVegaLite(spec: Record<string, unknown>, config: Config): Record<string, unknown> {
  return compile(spec as unknown as TopLevelSpec, { config }).spec as unknown as Record<string, unknown>;
}
