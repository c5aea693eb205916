import type { TopologyPart } from '../part.ts';

/** The store slice of the topology. */
export const storePart: TopologyPart = {
  functions: {},
  streamSubscriptions: [],
  schedules: [],
  rules: [],
  routes: [],
};
