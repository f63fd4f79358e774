import { MiqTable } from './table.js';

if (!customElements.get('miq-table')) customElements.define('miq-table', MiqTable);
