import { expect } from '@open-wc/testing';

/** Opens `csp-page.html` in an iframe whose response carries a strict CSP (set by a web-test-runner middleware). */
async function runPage(mode: string): Promise<Record<string, unknown>> {
  const frame = document.createElement('iframe');
  const result = new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('CSP page did not report')), 30000);
    window.addEventListener('message', function onMessage(e: MessageEvent) {
      if (e.source !== frame.contentWindow || e.data?.kind !== 'csp-result') return;
      clearTimeout(timer);
      window.removeEventListener('message', onMessage);
      resolve(e.data);
    });
  });
  frame.src = new URL(`./csp-page.html?csp=strict&mode=${mode}`, import.meta.url).href;
  frame.style.width = '1000px';
  frame.style.height = '800px';
  document.body.append(frame);
  try {
    return await result;
  } finally {
    frame.remove();
  }
}

describe("a page with script-src 'self'; style-src 'self' (no unsafe-eval, no unsafe-inline)", () => {
  it('serves the page with the strict policy', async () => {
    const res = await fetch(new URL('./csp-page.html?csp=strict', import.meta.url));
    expect(res.headers.get('content-security-policy')).to.contain("script-src 'self'").and.contain("style-src 'self'");
    expect(res.headers.get('content-security-policy')).not.to.contain('unsafe');
  });

  it('renders a dashboard with a chart and zero CSP violations', async () => {
    const result = await runPage('widgets');
    expect(result.error, String(result.error)).to.equal(undefined);
    expect(result.violations).to.deep.equal([]);
    expect(result.states).to.deep.equal(['loaded', 'loaded', 'loaded', 'loaded']);
    expect(result.marks).to.equal(2);
    expect(result.styled).to.equal(true);
  });

  it('control: Vega without the interpreter is blocked, and the listener sees it', async () => {
    const result = await runPage('control');
    expect(result.rendered).to.equal(false);
    expect((result.violations as string[]).some((v) => v.startsWith('script-src'))).to.equal(true);
  });
});
