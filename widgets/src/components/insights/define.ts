import { MiqInsights } from './insights.js';

if (!customElements.get('miq-insights')) customElements.define('miq-insights', MiqInsights);
