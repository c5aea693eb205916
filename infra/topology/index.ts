import type { ConnectorsConfig } from '../../connectors/config/connector-config.ts';
import { parseConfig } from '../../schemas/config/parse-config.ts';
import { combineParts, type TopologyPart } from './part.ts';
import { apiPart } from './parts/api.ts';
import { connectorsPart } from './parts/connectors.ts';
import { customerViewPart } from './parts/customer-view.ts';
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

/**
 * hub360's topology for a deployment's connector instances: the single definition both the CDK stack (from the
 * stage's `HUB_CONNECTORS`) and the local runtime (from the sandbox's and the user's) are built from.
 */
export const hubTopologyFor = (connectors: ConnectorsConfig): Topology =>
  loadTopology([
    storePart,
    customerViewPart,
    storeCheckPart,
    connectorsPart(connectors),
    insightsPart,
    demandPart,
    reactionsPart,
    reactionRulesPart,
    apiPart,
  ]);

/**
 * The topology without connector instances: every function, rule and route there is, and the hub's own
 * schedules. What does not depend on configuration (routes, scopes, rules) is read from here.
 */
export const hubTopology: Topology = hubTopologyFor({});
