import { MiqFilterBar } from './filter-bar.js';

if (!customElements.get('miq-filter-bar')) customElements.define('miq-filter-bar', MiqFilterBar);
