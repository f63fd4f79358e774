import { css } from 'lit';

export const tableStyles = css`
  .scroll {
    overflow-x: auto;
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
    white-space: nowrap;
  }
  th button {
    border: 0;
    padding: 0;
    font-weight: 600;
  }
  td.num,
  th.num {
    text-align: end;
  }
  tr[data-selected='true'] > * {
    background: color-mix(in srgb, var(--_accent) 14%, transparent);
  }
  td button.select {
    border: 0;
    padding: 0;
    text-align: start;
    text-decoration: underline dotted;
  }
  .pager {
    display: flex;
    align-items: center;
    justify-content: flex-end;
    gap: var(--_space-s);
    font-size: var(--_font-size-s);
  }
  @container miq-panel (max-width: 420px) {
    th.secondary,
    td.secondary {
      display: none;
    }
  }
  @media print {
    .pager {
      display: none;
    }
  }
`;
