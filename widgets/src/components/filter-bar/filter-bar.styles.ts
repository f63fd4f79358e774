import { css } from 'lit';

export const filterBarStyles = css`
  :host {
    container-type: inline-size;
    container-name: miq-filter-bar;
    background: var(--_surface);
  }
  .bar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_space-s) var(--_space-m);
    padding: var(--_space-s) 0;
  }
  label {
    display: inline-flex;
    align-items: center;
    gap: var(--_space-s);
  }
  select {
    font: inherit;
    color: inherit;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-s);
    padding: 2px var(--_space-s);
  }
  .chip {
    display: inline-flex;
    align-items: center;
    gap: 4px;
    border: 1px solid var(--_accent);
    border-radius: 999px;
    padding: 0 var(--_space-s);
    font-size: var(--_font-size-s);
  }
  .chip.locked {
    border-style: dashed;
    border-color: var(--_border);
    color: var(--_muted);
  }
  .chip button {
    border: 0;
    padding: 0 2px;
  }
  @container miq-filter-bar (max-width: 480px) {
    .bar {
      flex-direction: column;
      align-items: stretch;
    }
  }
  @media print {
    button {
      display: none;
    }
  }
`;

export const multiSelectStyles = css`
  :host {
    display: inline-block;
    position: relative;
  }
  .popup {
    position: absolute;
    z-index: 10;
    inset-block-start: calc(100% + 4px);
    inset-inline-start: 0;
    min-width: 220px;
    max-height: 280px;
    overflow: auto;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space-s);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.15);
  }
  .popup[hidden] {
    display: none;
  }
  input[type='search'] {
    font: inherit;
    color: inherit;
    background: var(--_surface);
    width: 100%;
    border: 1px solid var(--_border);
    border-radius: var(--_radius-s);
    padding: 2px var(--_space-s);
    margin-block-end: var(--_space-s);
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  li label {
    display: flex;
    gap: var(--_space-s);
    padding: 2px 0;
    cursor: pointer;
  }
`;
