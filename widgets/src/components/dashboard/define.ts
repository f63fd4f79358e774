import { MiqDashboard } from './dashboard.js';

if (!customElements.get('miq-dashboard')) customElements.define('miq-dashboard', MiqDashboard);
