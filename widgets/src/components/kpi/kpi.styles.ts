import { css } from 'lit';

export const kpiStyles = css`
  .value {
    font-size: var(--_font-size-l);
    font-weight: 600;
    line-height: 1.2;
    font-variant-numeric: tabular-nums;
  }
  .delta {
    font-size: var(--_font-size-s);
    font-weight: 600;
  }
  .delta[data-sentiment='positive'] {
    color: var(--_positive);
  }
  .delta[data-sentiment='negative'] {
    color: var(--_negative);
  }
  .delta[data-sentiment='neutral'] {
    color: var(--_muted);
  }
  .row {
    display: flex;
    align-items: end;
    justify-content: space-between;
    gap: var(--_space-m);
    flex-wrap: wrap;
  }
  svg.sparkline {
    width: 96px;
    height: 32px;
    overflow: visible;
  }
  svg.sparkline polyline {
    fill: none;
    stroke: var(--_accent);
    stroke-width: 1.5;
  }
  @container miq-panel (max-width: 200px) {
    svg.sparkline {
      display: none;
    }
    .value {
      font-size: calc(var(--_font-size-l) * 0.75);
    }
  }
`;
