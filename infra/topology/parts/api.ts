import type { TopologyPart } from '../part.ts';

/** The api slice of the topology. */
export const apiPart: TopologyPart = {
  functions: {},
  streamSubscriptions: [],
  schedules: [],
  rules: [],
  routes: [],
};
