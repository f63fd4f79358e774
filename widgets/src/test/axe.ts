/** Runs axe-core over an element (shadow roots included) and returns its serious and critical violations. */
interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
}
interface Axe {
  run(context: Element, options: Record<string, unknown>): Promise<AxeResult>;
}

export async function seriousViolations(el: Element): Promise<string[]> {
  // axe-core registers itself on window when imported as a script module
  await import('axe-core/axe.min.js' as string);
  const axe = (window as unknown as { axe: Axe }).axe;
  const result = await axe.run(el, { resultTypes: ['violations'] });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} @ ${JSON.stringify(v.nodes.map((n) => n.target))}`);
}
