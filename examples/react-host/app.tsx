/**
 * A React 19 host page embedding `<miq-dashboard>`: the host's theme as `--miq-*` custom properties, a token provider
 * that asks the host back end, and the widgets' events handled in React (`onmiq-drill`, `onmiq-error`) through the
 * JSX types of `@miq/widgets/react`.
 */
import type { MiqDrillDetail, MiqErrorDetail } from '@miq/widgets';
import type {} from '@miq/widgets/react';
import { useCallback, useState } from 'react';
import { fetchToken } from '../node-backend/token-client.js';
import { type HostThemeName, themeStyle } from './theme.js';

export interface AppProps {
  readonly apiBase: string;
  readonly userName: string;
  /** The dashboard the user's token opens. */
  readonly dashboard: string;
  /** Dashboards offered in the picker (those the user's token may open). */
  readonly dashboards: readonly string[];
}

/** One line of the host's event log. */
export interface LoggedEvent {
  readonly type: 'drill' | 'error';
  readonly text: string;
}

/** @example createRoot(el).render(<App apiBase={url} userName="Alice" dashboard="google-ads" dashboards={['google-ads']} />) */
export function App({ apiBase, userName, dashboard: initial, dashboards }: AppProps) {
  const [theme, setTheme] = useState<HostThemeName>('light');
  const [dashboard, setDashboard] = useState(initial);
  const [events, setEvents] = useState<readonly LoggedEvent[]>([]);
  const [problem, setProblem] = useState<MiqErrorDetail | undefined>();
  const tokenProvider = useCallback(() => fetchToken(), []);
  const log = (e: LoggedEvent) => setEvents((list) => [...list, e]);

  const onDrill = (e: CustomEvent<MiqDrillDetail>) =>
    log({
      type: 'drill',
      text: `${e.detail.panelId ?? 'panel'}: ${e.detail.from ? `${e.detail.from.value} → ` : 'up to '}${e.detail.to}`,
    });
  const onError = (e: CustomEvent<MiqErrorDetail>) => {
    setProblem(e.detail);
    log({ type: 'error', text: `${e.detail.panelId ?? 'dashboard'}: ${e.detail.status} ${e.detail.code}` });
  };

  return (
    <div className="host" data-theme={theme} style={themeStyle(theme)}>
      <header>
        <strong>Acme Analytics</strong>
        <span>{userName}</span>
        <label>
          Dashboard{' '}
          <select
            aria-label="Dashboard"
            value={dashboard}
            onChange={(e) => {
              setProblem(undefined);
              setDashboard(e.target.value);
            }}
          >
            {dashboards.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => setTheme(theme === 'light' ? 'dark' : 'light')}>
          {theme === 'light' ? 'Dark' : 'Light'} mode
        </button>
      </header>
      <main>
        {problem && (
          <p className="banner" role="alert" data-status={problem.status}>
            Some of this dashboard could not be shown for your account ({problem.message})
          </p>
        )}
        <miq-dashboard
          key={dashboard}
          dashboard={dashboard}
          api-base={apiBase}
          locale="en-US"
          theme={theme}
          tokenProvider={tokenProvider}
          onmiq-drill={onDrill}
          onmiq-error={onError}
        />
        <ol className="log" aria-label="Widget events">
          {events.map((e, i) => (
            // an append-only log: the index is a stable key
            <li key={i} data-type={e.type}>
              {e.text}
            </li>
          ))}
        </ol>
      </main>
    </div>
  );
}
