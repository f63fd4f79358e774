/** Collects the fill colours of every mark item of `markType` in a Vega view's scenegraph (test helper). */
export function markFills(view: { scenegraph(): unknown }, markType = 'rect'): string[] {
  const fills: string[] = [];
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as { marktype?: string; items?: unknown[]; role?: string; fill?: string };
    if (n.marktype === markType && n.role === 'mark') {
      for (const item of n.items ?? []) {
        const fill = (item as { fill?: string }).fill;
        if (fill) fills.push(fill);
      }
    }
    for (const child of n.items ?? []) walk(child);
  };
  walk((view.scenegraph() as { root: unknown }).root);
  return fills;
}
