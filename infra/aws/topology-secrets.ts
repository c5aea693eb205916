import type { Topology } from '../topology/schema.ts';

/** Secrets that authenticate http-target connections (EventBridge reads them, not functions). */
export const connectionSecretNames = (topology: Topology): Set<string> =>
  new Set(
    topology.rules.flatMap((rule) =>
      rule.targets.flatMap((target) =>
        target.kind === 'http' && target.connectionSecret ? [target.connectionSecret] : [],
      ),
    ),
  );

/** Every secret the topology refers to: function grants and http-target connections, each once. */
export const topologySecretNames = (topology: Topology): string[] =>
  [
    ...new Set([
      ...Object.values(topology.functions).flatMap((spec) => spec.grants.secrets),
      ...connectionSecretNames(topology),
    ]),
  ].sort();
