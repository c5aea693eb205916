import { parseConfig } from '../../schemas/config/parse-config.ts';
import { combineParts, type TopologyPart } from './part.ts';
import { apiPart } from './parts/api.ts';
import { connectorsPart } from './parts/connectors.ts';
import { demandPart } from './parts/demand.ts';
import { insightsPart } from './parts/insights.ts';
import { reactionRulesPart } from './parts/reaction-rules.ts';
import { reactionsPart } from './parts/reactions.ts';
import { storePart } from './parts/store.ts';
import { storeCheckPart } from './parts/store-check.ts';
import { type Topology, TopologySchema } from './schema.ts';

export type { Topology } from './schema.ts';

/** Validates a topology; a mistake stops start-up (and synth) with the offending field named. */
export const loadTopology = (parts: readonly TopologyPart[]): Topology =>
  parseConfig(TopologySchema, combineParts(parts), 'topology');

/** hub360's topology: the single definition both the CDK stack and the local runtime are built from. */
export const hubTopology: Topology = loadTopology([
  storePart,
  storeCheckPart,
  connectorsPart,
  insightsPart,
  demandPart,
  reactionsPart,
  reactionRulesPart,
  apiPart,
]);
