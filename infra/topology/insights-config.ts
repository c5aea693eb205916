import type { InsightsConfig } from '../../schemas/config/insights-config.ts';
import { INSIGHTS_CONFIG_VARIABLE } from '../../schemas/config/insights-env.ts';
import type { Topology } from './schema.ts';

/**
 * The topology with one deployment's insights configuration: every function that declares
 * `HUB_INSIGHTS_CONFIG` in its environment (the insights part's functions) gets the validated settings,
 * defaults filled in, as JSON. The local runtime applies it with the value from its environment, the CDK
 * stack with the stage's `insights` block, so both run the same thresholds the same way.
 */
export const withInsightsConfig = (topology: Topology, config: InsightsConfig): Topology => {
  const value = JSON.stringify(config);
  return {
    ...topology,
    functions: Object.fromEntries(
      Object.entries(topology.functions).map(([name, spec]) => [
        name,
        INSIGHTS_CONFIG_VARIABLE in spec.environment
          ? { ...spec, environment: { ...spec.environment, [INSIGHTS_CONFIG_VARIABLE]: value } }
          : spec,
      ]),
    ),
  };
};
