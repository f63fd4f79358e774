import { MiqKpi } from './kpi.js';

if (!customElements.get('miq-kpi')) customElements.define('miq-kpi', MiqKpi);
