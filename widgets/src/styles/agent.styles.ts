import { css } from 'lit';

/** What the agent elements share: ranked items, severity badges, evidence numbers, compact tables. */
export const agentStyles = css`
  .items {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: var(--_space-m);
  }
  .item {
    border-top: 1px solid var(--_border);
    padding-top: var(--_space-s);
    display: flex;
    flex-direction: column;
    gap: 4px;
  }
  .item:first-child {
    border-top: none;
    padding-top: 0;
  }
  .line {
    display: flex;
    gap: var(--_space-s);
    align-items: baseline;
    flex-wrap: wrap;
  }
  .badge {
    font-size: var(--_font-size-s);
    font-weight: 600;
    border-radius: var(--_radius-s);
    padding: 0 var(--_space-s);
    border: 1px solid currentColor;
    white-space: nowrap;
  }
  .badge[data-severity='high'] {
    color: var(--_negative);
  }
  .badge[data-severity='medium'] {
    color: var(--_accent);
  }
  .badge[data-severity='low'] {
    color: var(--_muted);
  }
  .evidence {
    display: flex;
    flex-wrap: wrap;
    gap: 2px var(--_space-l);
    margin: 0;
    font-size: var(--_font-size-s);
  }
  .evidence div {
    display: flex;
    gap: 4px;
  }
  .evidence dt {
    color: var(--_muted);
  }
  .evidence dd {
    margin: 0;
    font-variant-numeric: tabular-nums;
  }
  .impact,
  .action {
    margin: 0;
  }
  .impact {
    font-weight: 600;
  }
  .open {
    align-self: flex-start;
    font-size: var(--_font-size-s);
    color: var(--_accent);
  }
  .unavailable {
    margin: var(--_space-s) 0 0;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    font-size: var(--_font-size-s);
  }
  th,
  td {
    text-align: left;
    padding: 4px var(--_space-s);
    border-bottom: 1px solid var(--_border);
    vertical-align: top;
  }
  td.num {
    text-align: right;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  [data-sentiment='positive'] {
    color: var(--_positive);
  }
  [data-sentiment='negative'] {
    color: var(--_negative);
  }
  .scroll {
    overflow-x: auto;
  }
  .changes {
    margin: 0;
    padding-left: 1em;
  }
  select,
  input {
    font: inherit;
    color: inherit;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-s);
    padding: 2px var(--_space-s);
  }
  @container miq-panel (max-width: 420px) {
    .evidence {
      flex-direction: column;
    }
  }
`;
