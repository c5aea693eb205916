import type { TopologyPart } from '../part.ts';

/** The connectors slice of the topology. */
export const connectorsPart: TopologyPart = {
  functions: {},
  streamSubscriptions: [],
  schedules: [],
  rules: [],
  routes: [],
};
