import { MiqSavedViews } from './saved-views.js';

if (!customElements.get('miq-saved-views')) customElements.define('miq-saved-views', MiqSavedViews);
