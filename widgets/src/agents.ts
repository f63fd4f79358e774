/**
 * The agent elements (`<miq-insights>`, `<miq-alerts>`, `<miq-ask>`), their own lazy chunk in the script-tag build:
 * `defineElements()` and `<miq-dashboard>` load it when needed, so pages without agent panels never download it.
 *
 * @example
 * import { defineAgentElements } from '@miq/widgets/agents';
 * defineAgentElements();
 */
import { MiqAlerts } from './components/alerts/alerts.js';
import { MiqAsk } from './components/ask/ask.js';
import { MiqInsights } from './components/insights/insights.js';

export { MiqAlerts, MiqAsk, MiqInsights };

/** Registers `miq-insights`, `miq-alerts` and `miq-ask` (skipping tags already defined). */
export function defineAgentElements(registry: CustomElementRegistry = customElements): void {
  const tags = [
    ['miq-insights', MiqInsights],
    ['miq-alerts', MiqAlerts],
    ['miq-ask', MiqAsk],
  ] as const;
  for (const [tag, cls] of tags) if (!registry.get(tag)) registry.define(tag, cls);
}
