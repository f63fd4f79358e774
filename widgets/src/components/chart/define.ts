import { MiqChart } from './chart.js';

if (!customElements.get('miq-chart')) customElements.define('miq-chart', MiqChart);
