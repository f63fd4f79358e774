/** Mounts the React host: defines the widgets, reads the signed-in user from the back end, renders `<App>`. */
import { defineElements } from '@miq/widgets';
import { createRoot } from 'react-dom/client';
import { apiBase } from '../node-backend/token-client.js';
import { App } from './app.js';

defineElements();
const me = (await fetch('/me', { credentials: 'same-origin' }).then((r) => r.json())) as {
  name: string;
  dashboard: string;
  dashboards: string[];
};
createRoot(document.getElementById('root')!).render(
  <App apiBase={apiBase()} userName={me.name} dashboard={me.dashboard} dashboards={me.dashboards} />,
);
