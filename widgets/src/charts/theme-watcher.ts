/**
 * Notices token changes the browser does not announce: inline styles, classes or `theme` attributes changing on any
 * element, or stylesheets being added. One shared observer for all charts; each chart then re-reads its tokens and
 * re-renders only if they differ.
 */
type Listener = () => void;

const listeners = new Set<Listener>();
let observer: MutationObserver | null = null;
let scheduled = false;

function notify(): void {
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    for (const l of listeners) l();
  });
}

/** Calls `listener` (at most once per frame) after a change that may have changed design tokens. */
export function watchTheme(listener: Listener): () => void {
  listeners.add(listener);
  if (!observer) {
    observer = new MutationObserver(notify);
    observer.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['style', 'class', 'theme', 'data-theme'],
      subtree: true,
      childList: false,
    });
    observer.observe(document.head, { childList: true, subtree: true, characterData: true });
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) {
      observer?.disconnect();
      observer = null;
    }
  };
}
