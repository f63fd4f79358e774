/** True for a Vega (not Vega-Lite) spec: precompiled, it needs no compiler chunk. */
export function isVegaSpec(spec: Record<string, unknown>): boolean {
  const schema = typeof spec.$schema === 'string' ? spec.$schema : '';
  return /\/schema\/vega\/v/.test(schema) || (Array.isArray(spec.marks) && spec.mark === undefined);
}
