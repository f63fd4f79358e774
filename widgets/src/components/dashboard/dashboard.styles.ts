import { css, unsafeCSS } from 'lit';

const spans = Array.from({ length: 12 }, (_, i) => `.span-${i + 1} { grid-column: span ${i + 1}; }`).join('\n');

export const dashboardStyles = [
  css`
    :host {
      container-type: inline-size;
      container-name: miq-dashboard;
      background: var(--miq-color-background, var(--_surface));
      padding: var(--_space-m);
    }
    .dashboard {
      display: flex;
      flex-direction: column;
      gap: var(--_space-m);
    }
    .head {
      display: flex;
      align-items: baseline;
      gap: var(--_space-m);
      flex-wrap: wrap;
    }
    h2 {
      margin: 0;
      font-size: calc(var(--_font-size) * 1.4);
      flex: 1 1 auto;
    }
    .description {
      margin: 0;
      color: var(--_muted);
    }
    .freshness {
      color: var(--_muted);
      font-size: var(--_font-size-s);
    }
    .toolbar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_space-s) var(--_space-m);
    }
    .toolbar miq-filter-bar {
      flex: 1 1 auto;
    }
    .grid {
      display: grid;
      grid-template-columns: repeat(12, minmax(0, 1fr));
      gap: var(--_space-m);
    }
    .grid > * {
      grid-column: span 12;
      min-width: 0;
    }
    .state {
      color: var(--_muted);
      display: flex;
      gap: var(--_space-s);
      align-items: center;
    }
    .skeleton {
      border-radius: var(--_radius-s);
      background: var(--_skeleton);
      height: 120px;
    }
  `,
  unsafeCSS(spans),
  css`
    @container miq-dashboard (max-width: 900px) {
      .grid > .span-1,
      .grid > .span-2,
      .grid > .span-3 {
        grid-column: span 6;
      }
      .grid > .span-4,
      .grid > .span-5 {
        grid-column: span 6;
      }
      .grid > .span-6,
      .grid > .span-7,
      .grid > .span-8,
      .grid > .span-9,
      .grid > .span-10,
      .grid > .span-11 {
        grid-column: span 12;
      }
    }
    @container miq-dashboard (max-width: 560px) {
      .grid > * {
        grid-column: span 12 !important;
      }
    }
    @media print {
      miq-filter-bar,
      miq-saved-views {
        display: none;
      }
      .grid {
        display: block;
      }
      .grid > * {
        break-inside: avoid;
        margin-block-end: 12px;
      }
    }
  `,
];
