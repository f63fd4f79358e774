import { css } from 'lit';

/**
 * Design tokens. Hosts theme the widgets with `--miq-<category>-<name>` custom properties; every element maps them to
 * private `--_*` variables with light and dark defaults, so the tokens cascade through nested shadow roots.
 * Series colours default to the Okabe–Ito palette (colour-blind safe).
 */
export const tokenStyles = css`
  :host {
    --_surface: var(--miq-color-surface, #ffffff);
    --_text: var(--miq-color-text, #1f2328);
    --_muted: var(--miq-color-text-muted, #57606a);
    --_border: var(--miq-color-border, #d0d7de);
    --_accent: var(--miq-color-accent, #0969da);
    --_accent-text: var(--miq-color-accent-text, #ffffff);
    --_positive: var(--miq-color-positive, #1a7f37);
    --_negative: var(--miq-color-negative, #cf222e);
    --_skeleton: var(--miq-color-skeleton, #eaeef2);
    --_focus: var(--miq-color-focus, #0969da);
    --_grid: var(--miq-color-grid, #e1e4e8);
    --_series-1: var(--miq-color-series-1, #0072b2);
    --_series-2: var(--miq-color-series-2, #e69f00);
    --_series-3: var(--miq-color-series-3, #009e73);
    --_series-4: var(--miq-color-series-4, #d55e00);
    --_series-5: var(--miq-color-series-5, #cc79a7);
    --_series-6: var(--miq-color-series-6, #56b4e9);
    --_series-7: var(--miq-color-series-7, #f0e442);
    --_series-8: var(--miq-color-series-8, #000000);
    --_font: var(--miq-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_font-size: var(--miq-font-size, 14px);
    --_font-size-s: var(--miq-font-size-small, 12px);
    --_font-size-l: var(--miq-font-size-large, 28px);
    --_space-s: var(--miq-space-s, 6px);
    --_space-m: var(--miq-space-m, 12px);
    --_space-l: var(--miq-space-l, 20px);
    --_radius: var(--miq-radius-m, 8px);
    --_radius-s: var(--miq-radius-s, 4px);
    display: block;
    box-sizing: border-box;
    color: var(--_text);
    font-family: var(--_font);
    font-size: var(--_font-size);
  }
  :host([data-theme='dark']) {
    --_surface: var(--miq-color-surface, #0d1117);
    --_text: var(--miq-color-text, #e6edf3);
    --_muted: var(--miq-color-text-muted, #9ea7b3);
    --_border: var(--miq-color-border, #30363d);
    --_accent: var(--miq-color-accent, #4493f8);
    --_accent-text: var(--miq-color-accent-text, #0d1117);
    --_positive: var(--miq-color-positive, #3fb950);
    --_negative: var(--miq-color-negative, #ff7b72);
    --_skeleton: var(--miq-color-skeleton, #21262d);
    --_focus: var(--miq-color-focus, #4493f8);
    --_grid: var(--miq-color-grid, #30363d);
    --_series-1: var(--miq-color-series-1, #56b4e9);
    --_series-2: var(--miq-color-series-2, #e69f00);
    --_series-3: var(--miq-color-series-3, #009e73);
    --_series-4: var(--miq-color-series-4, #d55e00);
    --_series-5: var(--miq-color-series-5, #cc79a7);
    --_series-6: var(--miq-color-series-6, #f0e442);
    --_series-7: var(--miq-color-series-7, #0072b2);
    --_series-8: var(--miq-color-series-8, #ffffff);
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  button {
    font: inherit;
    color: inherit;
    background: transparent;
    border: 1px solid var(--_border);
    border-radius: var(--_radius-s);
    padding: 2px var(--_space-s);
    cursor: pointer;
  }
  button:hover {
    border-color: var(--_accent);
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0, 0, 0, 0);
    white-space: nowrap;
    border: 0;
  }
`;

/** The frame every panel (KPI, table, chart) shares: header, toolbar, states. */
export const panelStyles = css`
  :host {
    container-type: inline-size;
    container-name: miq-panel;
  }
  .panel {
    position: relative;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space-m);
    height: 100%;
    display: flex;
    flex-direction: column;
    gap: var(--_space-s);
    min-width: 0;
  }
  header {
    display: flex;
    align-items: center;
    gap: var(--_space-s);
    flex-wrap: wrap;
  }
  h2,
  h3 {
    font-size: var(--_font-size);
    font-weight: 600;
    margin: 0;
    flex: 1 1 auto;
  }
  .toolbar {
    display: flex;
    gap: var(--_space-s);
    font-size: var(--_font-size-s);
  }
  .skeleton {
    border-radius: var(--_radius-s);
    background: var(--_skeleton);
    min-height: 1.2em;
    animation: miq-pulse 1.4s ease-in-out infinite;
  }
  .skeleton.big {
    height: 2.2em;
    width: 60%;
  }
  .skeleton.line {
    margin-block: 4px;
  }
  .skeleton.block {
    height: 180px;
  }
  @keyframes miq-pulse {
    50% {
      opacity: 0.55;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton {
      animation: none;
    }
  }
  .state {
    color: var(--_muted);
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: var(--_space-s);
  }
  .muted {
    color: var(--_muted);
    font-size: var(--_font-size-s);
  }
  @container miq-panel (max-width: 260px) {
    .toolbar {
      width: 100%;
    }
  }
  @media print {
    .toolbar,
    .retry {
      display: none;
    }
    .panel {
      break-inside: avoid;
      border-color: #999;
    }
  }
`;
