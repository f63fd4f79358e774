/**
 * Parses a derived metric's `expr` (`ads_spend * 1000 / ads_impressions`): numbers, metric names, + - * / and
 * parentheses. Anything else is refused at start-up; the compiler only ever sees the resulting tree.
 */
export type DerivedAst =
  | { readonly kind: 'ref'; readonly name: string }
  | { readonly kind: 'number'; readonly value: number }
  | {
      readonly kind: 'binary';
      readonly op: '+' | '-' | '*' | '/';
      readonly left: DerivedAst;
      readonly right: DerivedAst;
    }
  | { readonly kind: 'negate'; readonly operand: DerivedAst };

type Token = { kind: 'num'; value: number } | { kind: 'id'; name: string } | { kind: 'op'; op: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|([-+*/()]))/y;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m) throw new Error(`unexpected character at position ${pos} in "${text}"`);
    if (m[1] !== undefined) tokens.push({ kind: 'num', value: Number(m[1]) });
    else if (m[2] !== undefined) tokens.push({ kind: 'id', name: m[2] });
    else tokens.push({ kind: 'op', op: m[3] ?? '' });
    pos = re.lastIndex;
  }
  return tokens;
}

/** @example parseDerivedExpr('a * 1000 / b') // { kind: 'binary', op: '/', ... } */
export function parseDerivedExpr(text: string): DerivedAst {
  const tokens = tokenize(text);
  let i = 0;
  const peek = (): Token | undefined => tokens[i];
  const isOp = (t: Token | undefined, ...ops: string[]): boolean => t?.kind === 'op' && ops.includes(t.op);

  function primary(): DerivedAst {
    const t = tokens[i++];
    if (!t) throw new Error(`unexpected end of "${text}"`);
    if (t.kind === 'num') return { kind: 'number', value: t.value };
    if (t.kind === 'id') return { kind: 'ref', name: t.name };
    if (t.op === '(') {
      const inner = additive();
      if (!isOp(tokens[i++], ')')) throw new Error(`missing ")" in "${text}"`);
      return inner;
    }
    if (t.op === '-') return { kind: 'negate', operand: primary() };
    throw new Error(`unexpected "${t.op}" in "${text}"`);
  }
  function multiplicative(): DerivedAst {
    let left = primary();
    while (isOp(peek(), '*', '/')) {
      const op = (tokens[i++] as { op: '*' | '/' }).op;
      left = { kind: 'binary', op, left, right: primary() };
    }
    return left;
  }
  function additive(): DerivedAst {
    let left = multiplicative();
    while (isOp(peek(), '+', '-')) {
      const op = (tokens[i++] as { op: '+' | '-' }).op;
      left = { kind: 'binary', op, left, right: multiplicative() };
    }
    return left;
  }
  const ast = additive();
  if (i !== tokens.length) throw new Error(`unexpected trailing input in "${text}"`);
  return ast;
}
