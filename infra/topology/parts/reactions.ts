import type { TopologyPart } from '../part.ts';

/** The reactions slice of the topology. */
export const reactionsPart: TopologyPart = {
  functions: {},
  streamSubscriptions: [],
  schedules: [],
  rules: [],
  routes: [],
};
