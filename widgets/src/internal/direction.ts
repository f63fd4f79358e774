/**
 * Whether a rise in a measure is good news. The API's annotation may say so (`higherIsBetter`); otherwise costs and
 * negative signals (spend, CPC, CPA, CPM, bounces, unsubscribes, spam complaints) count as "up is bad".
 */
import type { MemberAnnotation } from './wire.js';

const COST_LIKE =
  /(^|[._])(spend|cost|cpc|cpa|cpm|cost_per_\w+|bounces?|bounce_rate|unsubscribes?|unsubscribe_rate|spam\w*)$/;

export function higherIsBetter(member: string, annotation?: MemberAnnotation): boolean {
  if (typeof annotation?.higherIsBetter === 'boolean') return annotation.higherIsBetter;
  return !COST_LIKE.test(member);
}

export type Sentiment = 'positive' | 'negative' | 'neutral';

/** The colour sentiment of a change: a cost going up is negative, revenue going up is positive. */
export function sentimentOf(change: number | null, member: string, annotation?: MemberAnnotation): Sentiment {
  if (change === null || change === 0) return 'neutral';
  return change > 0 === higherIsBetter(member, annotation) ? 'positive' : 'negative';
}
