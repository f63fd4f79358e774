import { expect } from '@open-wc/testing';
import { evidenceKind, formatEvidence, metricKind } from './evidence-format.js';

describe('evidence number kinds', () => {
  it('names decide: money, percentages, counts, multiples', () => {
    const kinds = Object.fromEntries(
      [
        'spend',
        'average_cpa',
        'month_to_date_spend',
        'spend_share',
        'open_rate',
        'weekly_change',
        'peers_ctr_change',
        'ctr_before',
        'dropoff_before_25',
        'ratio',
        'recipients',
        'clicks_14d',
        'net_change_90d',
        'score',
      ].map((n) => [n, evidenceKind(n, {})]),
    );
    expect(kinds).to.deep.equal({
      spend: 'currency',
      average_cpa: 'currency',
      month_to_date_spend: 'currency',
      spend_share: 'percent',
      open_rate: 'percent',
      weekly_change: 'percent',
      peers_ctr_change: 'percent',
      ctr_before: 'percent',
      dropoff_before_25: 'percent',
      ratio: 'multiple',
      recipients: 'integer',
      clicks_14d: 'integer',
      net_change_90d: 'number',
      score: 'number',
    });
  });

  it("relative names take their subject's kind: the KPI's catalog format, else a sibling's", () => {
    expect(evidenceKind('value', { value: 1, expected: 1 }, 'integer')).to.equal('integer');
    expect(evidenceKind('expected', { value: 1, expected: 1 }, 'currency')).to.equal('currency');
    expect(evidenceKind('previous', { revenue_per_recipient: 1, previous: 2 })).to.equal('currency');
    expect(evidenceKind('median', { cost_per_completed_view: 1, median: 2 })).to.equal('currency');
    expect(metricKind('roas', 'number')).to.equal('number');
    expect(metricKind('cpa')).to.equal('currency');
    expect(formatEvidence('ratio', { ratio: 1.417 }, { locale: 'en-US', currency: 'EUR' })).to.equal('1.42×');
    expect(
      formatEvidence('previous', { revenue_per_recipient: 1, previous: 3.29 }, { locale: 'sv-SE', currency: 'SEK' }),
    ).to.equal(new Intl.NumberFormat('sv-SE', { style: 'currency', currency: 'SEK' }).format(3.29));
  });
});
