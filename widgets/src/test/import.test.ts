import { expect } from '@open-wc/testing';

describe('importing @miq/widgets', () => {
  it('defines nothing and touches no DOM until defineElements() is called', async () => {
    const frame = document.createElement('iframe');
    const result = new Promise<Record<string, unknown>>((resolve) => {
      window.addEventListener('message', function onMessage(e: MessageEvent) {
        if (e.source !== frame.contentWindow || e.data?.kind !== 'import-result') return;
        window.removeEventListener('message', onMessage);
        resolve(e.data);
      });
    });
    frame.src = new URL('./import-page.html', import.meta.url).href;
    document.body.append(frame);
    const r = await result;
    frame.remove();
    expect(r.definedBefore).to.deep.equal([]);
    expect(r.mutations).to.deep.equal([]);
    expect(r.after).to.deep.equal(r.before);
    expect(r.definedAfter).to.deep.equal(['miq-dashboard', 'miq-chart', 'miq-kpi', 'miq-table', 'miq-filter-bar']);
  });
});
