import { css } from 'lit';

export const chartStyles = css`
  figure {
    margin: 0;
    min-width: 0;
  }
  .chart {
    width: 100%;
    min-height: 120px;
  }
  .chart[hidden] {
    display: none;
  }
  .chart svg {
    max-width: 100%;
    height: auto;
  }
  .summary {
    margin: var(--_space-s) 0 0;
    font-size: var(--_font-size-s);
    color: var(--_muted);
  }
  table {
    width: 100%;
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  th,
  td {
    padding: 4px var(--_space-s);
    border-bottom: 1px solid var(--_border);
    text-align: start;
  }
  td.num {
    text-align: end;
  }
  @container miq-panel (max-width: 360px) {
    .summary {
      display: none;
    }
  }
  @media print {
    .chart svg {
      max-width: 100%;
    }
  }
`;
