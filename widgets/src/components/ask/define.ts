import { MiqAsk } from './ask.js';

if (!customElements.get('miq-ask')) customElements.define('miq-ask', MiqAsk);
