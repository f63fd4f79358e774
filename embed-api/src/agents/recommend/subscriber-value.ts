/**
 * What one email subscriber is worth a year, for the money estimates of findings that lose subscribers (list
 * shrinkage, segment drops, bouncing addresses that get suppressed): campaign revenue per recipient over the last 90
 * days × the number of campaign sends of those days, scaled to a year.
 */
import { MiqError } from '../../errors/index.js';
import { type AnalyzerContext, addDays, num } from './types.js';

const DAYS = 90;

/** Yearly campaign revenue per subscriber (null when the scope cannot see email campaigns). */
export async function subscriberYearlyValue(ctx: AnalyzerContext): Promise<number | null> {
  const need = ['email_campaigns.revenue', 'email_campaigns.recipients', 'email_campaign.id'];
  if (!need.every((m) => ctx.members.has(m))) return null;
  let res: Awaited<ReturnType<AnalyzerContext['run']>>;
  try {
    res = await ctx.run({
      measures: ['email_campaigns.revenue', 'email_campaigns.recipients'],
      dimensions: ['email_campaign.id'],
      timeDimension: { dimension: 'date.day', dateRange: [addDays(ctx.end, -(DAYS - 1)), ctx.end] },
      filters: [{ member: 'email_campaigns.recipients', operator: 'gte', values: [100] }],
      limit: 5000,
    });
  } catch (error) {
    // The token's locked filters cannot reach email campaigns: the finding keeps no estimate rather than failing.
    if (error instanceof MiqError && error.status === 403) return null;
    throw error;
  }
  const revenue = res.rows.reduce((s, r) => s + num(r, 'email_campaigns.revenue'), 0);
  const recipients = res.rows.reduce((s, r) => s + num(r, 'email_campaigns.recipients'), 0);
  if (recipients <= 0) return null;
  return (revenue / recipients) * res.rows.length * (365 / DAYS);
}
