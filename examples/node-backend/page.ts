/**
 * The plain page's script: defines the elements and hands `<miq-dashboard>` a token provider that asks this back end
 * (with the session cookie) for a fresh tenant token. The token never sits in the HTML.
 */
import { defineElements } from '@miq/widgets';
import { fetchToken } from './token-client.js';

defineElements();
const el = document.querySelector('miq-dashboard');
if (el) el.tokenProvider = () => fetchToken();
