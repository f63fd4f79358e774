import { afterEach, describe, expect, it } from 'vitest';

const g = globalThis as Record<string, unknown>;
afterEach(() => {
  delete g.window;
  delete g.document;
});

describe('@miq/sdk-js/node in a browser', () => {
  it('throws at import when window and document exist', async () => {
    g.window = {};
    g.document = {};
    // A query string makes the module loader evaluate a fresh copy of the entry.
    const fresh: string = './index.js?as-browser';
    await expect(import(fresh)).rejects.toThrow(/must never run in a browser/);
  });

  it('the browser stub throws at import', async () => {
    await expect(import('./browser.js')).rejects.toThrow(/server-side only/);
  });
});
