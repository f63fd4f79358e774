import { MiqAlerts } from './alerts.js';

if (!customElements.get('miq-alerts')) customElements.define('miq-alerts', MiqAlerts);
