import type { Topology } from '../topology/schema.ts';

/** Every secret the topology refers to: function grants and http-target connections, each once. */
export const topologySecretNames = (topology: Topology): string[] => {
  const names = new Set<string>();
  for (const spec of Object.values(topology.functions))
    for (const name of spec.grants.secrets) names.add(name);
  for (const rule of topology.rules) {
    for (const target of rule.targets)
      if (target.kind === 'http' && target.connectionSecret) names.add(target.connectionSecret);
  }
  return [...names].sort();
};
