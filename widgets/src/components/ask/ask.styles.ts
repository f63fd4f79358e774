import { css } from 'lit';

export const askStyles = css`
  form {
    display: flex;
    flex-direction: column;
    gap: 4px;
  }
  label {
    font-weight: 600;
  }
  .ask-row {
    display: flex;
    gap: var(--_space-s);
  }
  .ask-row input {
    flex: 1 1 auto;
    min-width: 0;
  }
  .result {
    display: flex;
    flex-direction: column;
    gap: var(--_space-m);
  }
  .sentence {
    margin: 0;
    font-weight: 600;
  }
  .refusal p {
    margin: 0 0 4px;
  }
  .suggestions {
    margin: 0;
    padding: 0;
    list-style: none;
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space-s);
  }
  details pre {
    font-size: var(--_font-size-s);
    overflow-x: auto;
    margin: 4px 0 0;
  }
  miq-chart,
  miq-table {
    --miq-space-m: var(--_space-s);
  }
`;
