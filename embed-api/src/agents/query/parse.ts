/**
 * The deterministic question parser (no language model): a question in words → a unified metrics query body, or a
 * refusal with the closest supported questions. Pure: everything it knows about the tenant comes from `ParseContext`.
 *
 * @example
 * parseQuestion('Top 5 campaigns by spend last month', ctx)
 * // → { kind: 'query', query: { measures: ['ads.spend'], dimensions: ['campaign.name'], ..., limit: 5 } }
 */
import type { Filter, MetricsRequest } from '../../wire/index.js';
import {
  DEVICE_WORDS,
  DIMENSION_WORDS,
  EXAMPLE_QUESTIONS,
  grainPhrase,
  grainWord,
  MEASURE_WORDS,
  type MeasureContext,
  type MeasureWord,
  PLATFORM_WORDS,
} from './vocabulary.js';

export interface ParseContext {
  /** Today's date (YYYY-MM-DD) in the tenant's time zone. */
  readonly today: string;
  /** Members this scope may query. */
  readonly members: ReadonlySet<string>;
  /** Entity prefixes (`campaign`, `device`, fact-owned dimensions by full name) each measure's facts all reach. */
  readonly reach: (measure: string) => ReadonlySet<string>;
  /** Named entities from the tenant's filter options (already restricted by the token's locks). */
  readonly entities: readonly { readonly member: string; readonly value: string }[];
  /**
   * The members a non-additive measure is valid at (the catalog's grain, `validGrain` in the schema; empty for
   * additive measures): a query with such a measure must group by all of them.
   */
  readonly grain: (measure: string) => readonly string[];
}

export type ParseResult =
  | { readonly kind: 'query'; readonly query: MetricsRequest }
  | { readonly kind: 'refusal'; readonly reason: string; readonly suggestions: readonly string[] };

const DEFAULT_RANGE = 'last 30 days';
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
const MONTH_RE = `(${MONTHS.join('|')}|${MONTHS.map((m) => m.slice(0, 3)).join('|')})`;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function monthIndex(word: string): number {
  return MONTHS.findIndex((m) => m.startsWith(word.slice(0, 3))) + 1;
}

/** A mutable copy of the question where consumed spans are blanked so later rules don't read them twice. */
class Text {
  constructor(public value: string) {}
  take(re: RegExp): RegExpMatchArray | null {
    const m = this.value.match(re);
    if (!m || m.index === undefined) return null;
    this.value = this.value.slice(0, m.index) + ' '.repeat(m[0].length) + this.value.slice(m.index + m[0].length);
    return m;
  }
}

const REFUSE_PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/\b(select\b[\s\S]*\bfrom|drop\s+table|insert\s+into|delete\s+from|update\s+\w+\s+set|union\s+select)\b|;/, 'SQL'],
  [/\b(tenant|tenants|warehouse location|other (client|customer)s?)\b/, 'tenant'],
  [
    /\b(impression share|quality score|lifetime value|ltv|cohorts?|margins?|profit|bookings|inventory|stock levels?|salar(y|ies)|weather)\b/,
    'unsupported',
  ],
  [/\b(predict|forecast|will (we|it)|next (week|month|quarter|year)|tomorrow)\b/, 'forecast'],
];

/** Date phrases → the semantic layer's relative range strings or an absolute ISO range. */
function takeDateRange(t: Text, today: string): string | [string, string] | null {
  const yesterday = addDays(today, -1);
  const [ty, tm] = today.split('-').map(Number) as [number, number];
  let m = t.take(/\bfrom (\d{4}-\d{2}-\d{2}) (?:to|until|through|-) (\d{4}-\d{2}-\d{2})\b/);
  if (m) return [m[1] as string, m[2] as string];
  m = t.take(new RegExp(`\\bsince ${MONTH_RE} (\\d{1,2})(?:st|nd|rd|th)?(?:,? (\\d{4}))?\\b`));
  if (m) {
    const mon = monthIndex(m[1] as string);
    const day = Number(m[2]);
    let year = m[3] ? Number(m[3]) : ty;
    if (!m[3] && iso(year, mon, day) > today) year -= 1;
    return [iso(year, mon, day), yesterday];
  }
  m = t.take(/\bsince (\d{4}-\d{2}-\d{2})\b/);
  if (m) return [m[1] as string, yesterday];
  m = t.take(new RegExp(`\\b(?:in|during|for) ${MONTH_RE}(?: (\\d{4}))?\\b`));
  if (m) {
    const mon = monthIndex(m[1] as string);
    let year = m[2] ? Number(m[2]) : ty;
    if (!m[2] && mon >= tm) year -= 1;
    const last = new Date(Date.UTC(year, mon, 0)).getUTCDate();
    return [iso(year, mon, 1), iso(year, mon, last)];
  }
  m = t.take(
    /\b(?:in the |over the |during the |for the )?(?:last|past|previous) (\d{1,3}) (day|week|month|quarter|year)s?\b/,
  );
  if (m) return `last ${m[1]} ${m[2]}s`;
  m = t.take(/\b(?:in the |over the |during the |for the )?(?:last|past|previous) (day|week|month|quarter|year)\b/);
  if (m) return m[1] === 'day' ? 'yesterday' : `last ${m[1]}`;
  m = t.take(/\b(?:this|current) (week|month|quarter|year)\b/);
  if (m) return `this ${m[1]}`;
  m = t.take(/\b(year|month|quarter|week)[- ]to[- ]date\b|\b(ytd|mtd|qtd|wtd)\b/);
  if (m) {
    const unit = m[1] ?? { ytd: 'year', mtd: 'month', qtd: 'quarter', wtd: 'week' }[m[2] as 'ytd'];
    return `this ${unit}`;
  }
  if (t.take(/\byesterday\b/)) return 'yesterday';
  if (t.take(/\btoday\b/)) return 'today';
  m = t.take(/\b(\d{1,3}) days ago\b/);
  if (m) return `${m[1]} days ago`;
  return null;
}

function takeCompare(t: Text): 'previous_period' | 'previous_year' | null {
  if (
    t.take(
      /\b(?:vs\.?|versus|compared (?:to|with)|against) (?:the )?(?:same period )?(?:last|previous|prior) year\b|\byear over year\b|\byoy\b/,
    )
  ) {
    return 'previous_year';
  }
  if (
    t.take(
      /\b(?:vs\.?|versus|compared (?:to|with)|against) (?:the )?(?:previous|prior|preceding|last) (?:period|month|week|quarter)\b|\b(?:period|month|week) over (?:period|month|week)\b|\bpop\b/,
    )
  ) {
    return 'previous_period';
  }
  return null;
}

type Granularity = 'day' | 'week' | 'month' | 'quarter' | 'year';

function takeGranularity(t: Text): Granularity | null {
  const m =
    t.take(/\b(?:by|per|each|every|broken down by) (day|week|month|quarter|year)\b(?! of\b)/) ??
    t.take(/\b(daily|weekly|monthly|quarterly|yearly|annual)\b/);
  if (m) {
    const w = m[1] as string;
    const map: Record<string, Granularity> = {
      daily: 'day',
      weekly: 'week',
      monthly: 'month',
      quarterly: 'quarter',
      yearly: 'year',
      annual: 'year',
    };
    return map[w] ?? (w as 'day');
  }
  if (t.take(/\b(trend|trends|over time|day by day|time series)\b/)) return 'day';
  return null;
}

function contextOf(q: string): MeasureContext {
  if (/\b(flows?|automations?|welcome series|abandoned cart)\b/.test(q)) return 'flow';
  if (/\b(e-?mails?|newsletters?|sms|klaviyo|sends?|sent|templates?)\b/.test(q)) return 'email';
  if (/\b(website|site|web|ga4|analytics|sessions?|visits|visitors|users|page ?views|channel groups?)\b/.test(q)) {
    return 'website';
  }
  return 'ads';
}

/** Which member a word means in this context, or `null` when the context has none (→ refusal, not a guess). */
function pick<T extends { members: Partial<Record<MeasureContext, string>> }>(
  w: T,
  ctx: MeasureContext,
): string | null {
  const own = w.members[ctx];
  if (own) return own;
  // A plain question ("engagement rate") takes the word's only meaning; an email or flow question never borrows an
  // ad measure (that would be a guess).
  if (ctx === 'ads') return Object.values(w.members)[0] ?? null;
  if (ctx === 'website') return w.members.ads ?? null;
  return null;
}

interface Found {
  readonly at: number;
  readonly member: string | null;
  readonly word: MeasureWord;
  readonly phrase: string;
}

function phraseRe(phrase: string): RegExp {
  return new RegExp(`(?<![a-z0-9])${escapeRe(phrase)}(?![a-z0-9])`);
}

/** Measure phrases in order of appearance, longest phrase first at each place (consumed from `t`). */
function takeMeasures(t: Text, ctx: MeasureContext): Found[] {
  const all = MEASURE_WORDS.flatMap((word) => word.phrases.map((phrase) => ({ word, phrase })));
  all.sort((a, b) => b.phrase.length - a.phrase.length);
  const found: Found[] = [];
  for (const { word, phrase } of all) {
    for (;;) {
      const m = t.take(phraseRe(phrase));
      if (!m || m.index === undefined) break;
      found.push({ at: m.index, member: pick(word, ctx), word, phrase });
    }
  }
  return found.sort((a, b) => a.at - b.at);
}

function findDimension(noun: string, ctx: MeasureContext): string | null | undefined {
  const word = DIMENSION_WORDS.find((w) => w.nouns.includes(noun));
  if (!word) return undefined;
  // A noun with one meaning ("template": email only) keeps it; the reach check refuses it for other measures.
  return word.members[ctx] ?? word.members.ads ?? word.members.website ?? Object.values(word.members)[0] ?? null;
}

const DIM_NOUNS = DIMENSION_WORDS.flatMap((w) => w.nouns).sort((a, b) => b.length - a.length);
const DIM_NOUN_RE = `(${DIM_NOUNS.map(escapeRe).join('|')})`;

function closestQuestions(question: string, ok: (q: string) => boolean): string[] {
  const words = new Set(question.toLowerCase().match(/[a-z]+/g) ?? []);
  return EXAMPLE_QUESTIONS.filter(ok)
    .map((q, i) => ({ q, i, score: (q.toLowerCase().match(/[a-z]+/g) ?? []).filter((w) => words.has(w)).length }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, 3)
    .map((x) => x.q);
}

/** Parses one question. Never invents a member: anything it cannot map to the catalog is a refusal. */
export function parseQuestion(question: string, ctx: ParseContext, depth = 0): ParseResult {
  const refuse = (reason: string): ParseResult => ({
    kind: 'refusal',
    reason,
    suggestions: depth > 0 ? [] : closestQuestions(question, (q) => parseQuestion(q, ctx, depth + 1).kind === 'query'),
  });
  const original = question.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  if (original.length === 0) return refuse('The question is empty.');
  if (original.length > 500) return refuse('The question is too long (at most 500 characters).');
  for (const [re, why] of REFUSE_PATTERNS) {
    if (re.test(original)) {
      const reasons: Record<string, string> = {
        SQL: 'Questions are answered from the catalog only; SQL is not accepted.',
        tenant: 'Questions are answered for your own account only.',
        forecast: 'Forecasts are not supported yet.',
        unsupported: 'That measure is not in the catalog yet.',
      };
      return refuse(reasons[why] as string);
    }
  }
  const t = new Text(original);

  // Named entities first (longest first): their words must not be read as measures or dimensions.
  const entityFilters: { member: string; value: string; at: number }[] = [];
  const entities = [...ctx.entities].sort((a, b) => b.value.length - a.value.length);
  for (const e of entities) {
    const v = e.value.toLowerCase();
    if (v.length < 3 || !ctx.members.has(e.member)) continue;
    // A one-word value that is also a context word ("Email" channel group) would swallow "email campaigns".
    if (!v.includes(' ') && contextOf(v) !== 'ads') continue;
    if (entityFilters.some((f) => f.member === e.member && f.value === e.value)) continue;
    const m = t.take(phraseRe(v));
    if (m && m.index !== undefined) entityFilters.push({ member: e.member, value: e.value, at: m.index });
  }
  const mctx = contextOf(original);

  const compare = takeCompare(t);
  const range = takeDateRange(t, ctx.today);
  if (range === null && /\b(since|between|from)\b.*\d/.test(t.value)) {
    return refuse('That date range is not understood; try "last 30 days", "last month" or "since March 1".');
  }

  // Top / bottom N.
  let limit: number | undefined;
  let direction: 'asc' | 'desc' | undefined;
  let rankNoun: string | undefined;
  let rankWord: string | undefined;
  const rank =
    t.take(
      new RegExp(
        `\\b(\\d{1,4}) (top|bottom|highest|lowest|best|worst|most|least)(?: (?:e-?mail|email|google|meta))? ${DIM_NOUN_RE}\\b`,
      ),
    ) ??
    t.take(
      new RegExp(
        `\\b(top|bottom|highest|lowest|best|worst|most|least|fewest)(?: (\\d{1,4}))?(?: (?:e-?mail|email|ad|google|meta))? ${DIM_NOUN_RE}\\b`,
      ),
    ) ??
    t.take(new RegExp(`\\b(?:which |what )?(\\d{1,4}) (?:e-?mail |ad )?${DIM_NOUN_RE}\\b`)) ??
    t.take(
      new RegExp(
        `\\b(?:which|what) (?:e-?mail )?${DIM_NOUN_RE}(?= (?:had|has|have|got|gets|with|was|is|drove|brought)\\b)`,
      ),
    );
  if (rank) {
    if (rank.length === 2) {
      // "which campaign had the highest …": one row.
      limit = 1;
      rankNoun = rank[1];
    } else if (/^\d/.test(rank[1] ?? '') && rank.length === 4) {
      // "3 worst campaigns"
      limit = Number(rank[1]);
      rankWord = rank[2];
      rankNoun = rank[3];
    } else if (/^\d/.test(rank[1] ?? '') || rank.length === 3) {
      limit = Number(rank[1]);
      rankNoun = rank[2];
    } else {
      rankWord = rank[1];
      limit = rank[2] ? Number(rank[2]) : 1;
      rankNoun = rank[3];
    }
    const dirWord = rankWord ?? t.value.match(/\b(most|highest|least|lowest|fewest|best|worst)\b/)?.[1];
    if (dirWord) t.take(new RegExp(`\\b${dirWord}\\b`));
    direction = dirWord === undefined || /^(top|highest|most|best)$/.test(dirWord) ? 'desc' : 'asc';
    rankWord = dirWord;
  }

  const withNoun = t.take(
    new RegExp(
      `(?:^|\\b(?:which|what|show|list|show me|the|all) )(?:e-?mail )?${DIM_NOUN_RE} (?:with|where|having|that have|whose)\\b`,
    ),
  );
  // Thresholds: "<measure> below 2", "<measure> of at least 100", "<measure> over 1000", "under 1%".
  const thresholds: { phrase: string; op: 'lt' | 'lte' | 'gt' | 'gte'; value: number; percent: boolean }[] = [];
  for (;;) {
    const m = t.take(
      /\b((?:[a-z-]+ ){0,3}?)(?:of |is |was |are |at )?(below|under|less than|lower than|fewer than|above|over|more than|greater than|higher than|at least|at most|>=|<=|>|<)\s*([$€£]?)(\d+(?:[.,]\d+)?)\s*(%|percent)?/,
    );
    if (!m) break;
    const opWord = m[2] as string;
    const op = /^(below|under|less than|lower than|fewer than|<)$/.test(opWord)
      ? 'lt'
      : /^(at most|<=)$/.test(opWord)
        ? 'lte'
        : /^(at least|>=)$/.test(opWord)
          ? 'gte'
          : 'gt';
    thresholds.push({
      phrase: (m[1] ?? '').trim(),
      op,
      value: Number((m[4] as string).replace(',', '.')),
      percent: m[5] !== undefined,
    });
  }

  let granularity = takeGranularity(t);

  // Dimensions: "by X", "per X", "for each X", "X breakdown", "<X> with <threshold>".
  const dimsAt: { at: number; member: string | null; noun: string }[] = [];
  if (withNoun && thresholds.length > 0) {
    dimsAt.push({ at: 0, member: findDimension(withNoun[1] as string, mctx) ?? null, noun: withNoun[1] as string });
  }
  if (rankNoun) dimsAt.push({ at: -1, member: findDimension(rankNoun, mctx) ?? null, noun: rankNoun });
  for (;;) {
    const m = t.take(new RegExp(`\\b(?:by|per|for each|each|across|split by|broken down by) ${DIM_NOUN_RE}\\b`));
    if (!m || m.index === undefined) break;
    dimsAt.push({ at: m.index, member: findDimension(m[1] as string, mctx) ?? null, noun: m[1] as string });
  }

  // A "by X" left over names a grouping the catalog lacks: refuse rather than answer without it.
  const leftoverBy = t.value.match(/\b(?:by|per|for each|broken down by|split by) (?!the\b|a\b|an\b)([a-z][a-z-]+)/);
  const byWord = leftoverBy?.[1];
  if (byWord && !MEASURE_WORDS.some((w) => w.phrases.some((p) => p.split(' ').some((x) => x.startsWith(byWord))))) {
    return refuse(`Grouping by "${byWord}" is not supported yet.`);
  }

  // Filters on platform and device words (not on entity names already consumed).
  const filters: Filter[] = [];
  for (const [re, code] of PLATFORM_WORDS) if (t.take(re)) filters.push(eq('platform.code', code));
  for (const [re, code] of DEVICE_WORDS) if (t.take(re)) filters.push(eq('device.code', code));

  // Measures (thresholds and ranks may name their own measure).
  const found = takeMeasures(t, mctx);
  const thresholdMeasures = thresholds.map((th) => {
    const f = takeMeasures(new Text(th.phrase), mctx).at(-1);
    return f ?? null;
  });
  const measures: string[] = [];
  const addMeasure = (m: string) => {
    if (!measures.includes(m)) measures.push(m);
  };
  for (const f of found) {
    if (f.member === null) return refuse(`"${f.phrase}" is not available for that kind of data yet.`);
    addMeasure(f.member);
  }
  for (const [i, f] of thresholdMeasures.entries()) {
    if (f === null) {
      if (measures[0] === undefined) return refuse('The threshold does not name a measure.');
      continue;
    }
    if (f.member === null) return refuse(`"${f.phrase}" is not available for that kind of data yet.`);
    if (!measures.includes(f.member)) measures.splice(i, 0, f.member);
  }
  if (measures.length === 0) return refuse('The question names no measure this catalog has.');
  const unknown = measures.find((m) => !ctx.members.has(m));
  if (unknown) return refuse(`${unknown} is not available to you yet.`);

  const dimensions: string[] = [];
  for (const d of dimsAt.sort((a, b) => a.at - b.at)) {
    if (d.member === null || !ctx.members.has(d.member)) {
      return refuse(`Grouping by ${d.noun} is not available for these measures.`);
    }
    if (!dimensions.includes(d.member)) dimensions.push(d.member);
  }

  // Reachability: every measure's facts must reach every dimension and filter member.
  const reaches = (member: string) =>
    measures.every((m) => {
      const r = ctx.reach(m);
      return r.has(member) || r.has(member.split('.')[0] as string);
    });
  // Non-additive measures (unique people) are valid only at their grain: land the query on it, or refuse.
  const landed = landOnGrain({ measures, dimensions, granularity, dimsAt, found, mctx, ctx, reaches });
  if (typeof landed === 'string') return refuse(landed);
  granularity = landed.granularity;
  for (const d of dimensions) {
    if (!reaches(d)) return refuse(`These measures cannot be broken down by ${d}.`);
  }
  for (const f of entityFilters.sort((a, b) => a.at - b.at)) {
    if (reaches(f.member)) filters.push(eq(f.member, f.value));
  }
  const usable = filters.filter((f) => 'member' in f && reaches(f.member));
  if (usable.length !== filters.length) {
    const dropped = filters.find((f) => !usable.includes(f)) as { member: string };
    if (dropped.member !== 'source_medium.channel_group' && dropped.member !== 'country.name') {
      return refuse(`These measures cannot be filtered by ${dropped.member}.`);
    }
  }
  for (const [i, th] of thresholds.entries()) {
    const member = thresholdMeasures[i]?.member ?? measures[0];
    if (!member) continue;
    usable.push({ member, operator: th.op, values: [th.percent ? round(th.value / 100) : th.value] });
  }

  // A name the tenant does not have ("spend for Nordic Knits DE") must not be silently dropped: that would answer
  // a different question. Capitalised multi-word names left unread are refused.
  const cased = question.normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (cased.length === t.value.length) {
    for (const m of cased.matchAll(/(?<![\w'])([A-Z][\w'&]*(?: (?:[-|&/] )?[A-Z0-9][\w'&]*)+)/g)) {
      const span = t.value.slice(m.index, m.index + m[0].length);
      if (span === m[0].toLowerCase()) return refuse(`"${m[0]}" is not a campaign, account or other name I know.`);
    }
    for (const m of cased.matchAll(/["“”']([^"“”']{2,80})["“”']/g)) {
      const span = t.value.slice(m.index, m.index + m[0].length);
      if (/[a-z]/.test(span)) return refuse(`"${m[1]}" is not a campaign, account or other name I know.`);
    }
  }

  const query: {
    -readonly [K in keyof MetricsRequest]: MetricsRequest[K];
  } = { measures };
  if (dimensions.length > 0) query.dimensions = dimensions;
  query.timeDimension = {
    dimension: 'date.day',
    ...(granularity ? { granularity } : {}),
    dateRange: range ?? DEFAULT_RANGE,
  };
  if (compare) query.compare = compare;
  if (usable.length > 0) query.filters = usable;
  if (limit !== undefined) {
    const orderBy = found.find((f) => f.member !== null)?.member ?? (measures[0] as string);
    const word = MEASURE_WORDS.find((w) => Object.values(w.members).includes(orderBy));
    let dir = direction ?? 'desc';
    if (word?.lowerIsBetter && (rankWord === 'best' || rankWord === 'worst')) dir = dir === 'desc' ? 'asc' : 'desc';
    query.order = [[orderBy, dir]];
    if (dimensions.length === 0) return refuse('A ranking needs something to rank, e.g. "top 5 campaigns by spend".');
    query.limit = limit;
  }
  return { kind: 'query', query };
}

const entityOf = (member: string) => member.split('.')[0] as string;

/**
 * A non-additive measure (reach, users: unique people) is valid only when the query groups by every member of its
 * grain (the catalog's `validGrain`); the semantic layer refuses a coarser query. So the parser lands such a question
 * on the grain — the time granularity of the grain's `date.*` member, and the grain's other members (after the
 * entity's name, when the vocabulary presents the entity by name: `campaign.name` before `campaign.id`) as dimensions
 * the question did not ask for — and refuses a breakdown the grain cannot support: another time granularity, or a
 * dimension of an entity outside the grain ("reach by platform" would add people up over campaigns). A dimension of a
 * grain entity (`campaign.name`, `campaign.channel_type`) is one value per grain row, so it is kept. Mutates
 * `dimensions`; returns the granularity to use, or the refusal's reason.
 */
function landOnGrain(q: {
  measures: readonly string[];
  dimensions: string[];
  granularity: Granularity | null;
  dimsAt: readonly { member: string | null; noun: string }[];
  found: readonly Found[];
  mctx: MeasureContext;
  ctx: ParseContext;
  reaches: (member: string) => boolean;
}): { granularity: Granularity | null } | string {
  const grainOf = q.measures.map((m) => ({ measure: m, grain: q.ctx.grain(m) })).filter((x) => x.grain.length > 0);
  const first = grainOf[0];
  if (!first) return { granularity: q.granularity };
  const grain = [...new Set(grainOf.flatMap((x) => x.grain))];
  const phrase = q.found.find((f) => f.member === first.measure)?.phrase ?? first.measure;
  const why = (what: string) =>
    `${phrase.charAt(0).toUpperCase()}${phrase.slice(1)} counts unique people per ${grainPhrase(grain)} only: ` +
    `they cannot be added up, so it cannot be ${what}.`;

  let granularity = q.granularity;
  const time = grain.find((g) => g.startsWith('date.'));
  if (time) {
    const unit = time.slice('date.'.length) as Granularity;
    if (granularity !== null && granularity !== unit) return why(`broken down by ${granularity}`);
    granularity = unit;
  }
  const entities = new Set(grain.filter((g) => !g.startsWith('date.')).map(entityOf));
  for (const d of q.dimensions) {
    if (grain.includes(d) || entities.has(entityOf(d))) continue;
    const noun = q.dimsAt.find((x) => x.member === d)?.noun ?? d;
    return why(`broken down by ${noun}`);
  }
  for (const g of grain) {
    if (g.startsWith('date.') || q.dimensions.includes(g)) continue;
    if (!q.ctx.members.has(g)) return why(`answered without ${g}, which is not available to you`);
    const other = q.measures.find((m) => {
      const r = q.ctx.reach(m);
      return !r.has(g) && !r.has(entityOf(g));
    });
    if (other) {
      const otherPhrase = q.found.find((f) => f.member === other)?.phrase ?? other;
      return why(`combined with ${otherPhrase}, which has no ${grainWord(g)}`);
    }
    // The entity as the vocabulary presents it ("by campaign" → campaign.name), shown before its key.
    const named = findDimension(grainWord(g), q.mctx);
    if (
      named &&
      named !== g &&
      entityOf(named) === entityOf(g) &&
      q.ctx.members.has(named) &&
      q.reaches(named) &&
      !q.dimensions.includes(named)
    ) {
      q.dimensions.push(named);
    }
    q.dimensions.push(g);
  }
  return { granularity };
}

function eq(member: string, value: string): Filter {
  return { member, operator: 'equals', values: [value] };
}

function round(x: number): number {
  return Math.round(x * 1e9) / 1e9;
}
