/** Loaded by `import.test.ts` in an iframe: imports the package entry and reports what changed on the page. */
const before = {
  head: document.head.children.length,
  body: document.body.children.length,
  sheets: document.adoptedStyleSheets.length,
};
const mutations: string[] = [];
new MutationObserver((records) => {
  for (const r of records) mutations.push(`${r.type} ${(r.target as Element).nodeName}`);
}).observe(document.documentElement, { subtree: true, childList: true, attributes: true });

import('../index.js').then(async (mod) => {
  await new Promise((r) => setTimeout(r, 50));
  const after = {
    head: document.head.children.length,
    body: document.body.children.length,
    sheets: document.adoptedStyleSheets.length,
  };
  const definedBefore = ['miq-dashboard', 'miq-chart', 'miq-kpi', 'miq-table', 'miq-filter-bar'].filter((t) =>
    customElements.get(t),
  );
  mod.defineElements();
  const definedAfter = ['miq-dashboard', 'miq-chart', 'miq-kpi', 'miq-table', 'miq-filter-bar'].filter((t) =>
    customElements.get(t),
  );
  parent.postMessage({ kind: 'import-result', before, after, mutations, definedBefore, definedAfter }, '*');
});
