/**
 * The numbers checker: a phrased text (from a language model) may quote only numbers that are in the evidence.
 * Any other number — a made-up total, a rounded-away percentage — refuses the whole text.
 */

export interface NarrativeCheck {
  readonly ok: boolean;
  /** Numbers in the text that are not in the evidence. */
  readonly unsupported: readonly string[];
}

function decimalsOf(token: string): number {
  const i = token.indexOf('.');
  return i < 0 ? 0 : token.length - i - 1;
}

/** Whether `shown` (as written, with its decimals) is `value` rounded — or `value` as a percentage, or abbreviated. */
function matches(shown: number, decimals: number, value: number): boolean {
  const tol = 0.5 * 10 ** -decimals + 1e-9;
  return [value, value * 100, Math.abs(value), Math.abs(value) * 100].some((v) => Math.abs(v - shown) <= tol);
}

/**
 * Checks every number in `text` against `evidence`. Dates (2026-11-03), times and numbers inside `names` (entity
 * names quoted verbatim) are not numbers of the finding and are skipped.
 */
export function checkNarrative(
  text: string,
  evidence: readonly number[],
  names: readonly string[] = [],
): NarrativeCheck {
  let rest = text;
  for (const n of names) if (n) rest = rest.split(n).join(' ');
  rest = rest.replace(/\b\d{4}-\d{2}-\d{2}\b/g, ' ').replace(/\b\d{1,2}:\d{2}\b/g, ' ');
  const unsupported: string[] = [];
  for (const m of rest.matchAll(/((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*([kKmM](?![a-z]))?/g)) {
    const token = (m[1] as string).replace(/,/g, '');
    let shown = Number(token);
    let decimals = decimalsOf(token);
    if (m[2]) {
      const mult = /k/i.test(m[2]) ? 1e3 : 1e6;
      shown *= mult;
      decimals -= Math.log10(mult);
    }
    if (!evidence.some((v) => Number.isFinite(v) && matches(shown, decimals, v))) unsupported.push(m[0].trim());
  }
  return { ok: unsupported.length === 0, unsupported };
}

/** Asks the model to phrase a templated text; keeps the template when the phrased text fails the checker. */
export async function phraseChecked(
  model: { invoke(messages: [string, string][]): Promise<{ content: unknown }> },
  template: string,
  evidence: readonly number[],
  names: readonly string[] = [],
): Promise<{ text: string; phrased: boolean; unsupported: readonly string[] }> {
  const res = await model.invoke([
    ['system', 'Rephrase for a marketer in one or two sentences. Quote only numbers that appear in the input.'],
    ['human', template],
  ]);
  const text = typeof res.content === 'string' ? res.content : '';
  const check = checkNarrative(text, evidence, names);
  return check.ok && text.trim() !== ''
    ? { text, phrased: true, unsupported: [] }
    : { text: template, phrased: false, unsupported: check.unsupported };
}
