import { css } from 'lit';

export const savedViewsStyles = css`
  :host {
    display: inline-block;
    position: relative;
  }
  .views {
    display: inline-flex;
    align-items: center;
    gap: var(--_space-s);
    flex-wrap: wrap;
  }
  .name {
    font-weight: 600;
  }
  .status {
    color: var(--_muted);
    font-size: var(--_font-size-s);
  }
  .popup {
    position: absolute;
    z-index: 10;
    inset-block-start: calc(100% + 4px);
    inset-inline-end: 0;
    min-width: 260px;
    max-width: min(360px, 90vw);
    max-height: 420px;
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
  ul {
    list-style: none;
    margin: 0 0 var(--_space-s);
    padding: 0;
  }
  li {
    display: flex;
    gap: 4px;
    padding: 2px 0;
  }
  .apply {
    flex: 1 1 auto;
    text-align: start;
    border-color: transparent;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .apply[aria-current='true'] {
    border-color: var(--_accent);
    font-weight: 600;
  }
  .apply[aria-current='true']::before {
    content: '✓ ';
    color: var(--_accent);
  }
  .muted {
    color: var(--_muted);
    margin: var(--_space-s) 0;
  }
  form {
    border-top: 1px solid var(--_border);
    padding-top: var(--_space-s);
  }
  label {
    display: block;
    font-size: var(--_font-size-s);
    color: var(--_muted);
    margin-block-end: 2px;
  }
  .row {
    display: flex;
    gap: var(--_space-s);
  }
  input {
    flex: 1 1 auto;
    min-width: 0;
    font: inherit;
    color: inherit;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius-s);
    padding: 2px var(--_space-s);
  }
  input[aria-invalid='true'] {
    border-color: var(--_negative);
  }
  .error {
    color: var(--_negative);
    margin: 4px 0 0;
    font-size: var(--_font-size-s);
  }
  .error:empty {
    display: none;
  }
  @media print {
    :host {
      display: none;
    }
  }
`;
