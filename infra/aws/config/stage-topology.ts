import type { ConnectorsConfig } from '../../../connectors/config/connector-config.ts';
import { hubTopologyFor } from '../../topology/index.ts';
import { CONNECTOR_SYNC_FUNCTION } from '../../topology/parts/connectors.ts';
import type { Topology } from '../../topology/schema.ts';
import { configuredConnectors } from './configured-connectors.ts';
import type { StageConfig } from './stage-config.ts';

/**
 * The topology a stage deploys: hub360's, with one sync schedule per connector instance the stage configures
 * on the sync function (`functionEnvironment.connector-sync.HUB_CONNECTORS`), each on its own `schedule`.
 * A stage without connector instances deploys no connector schedule. Problems in the instances are reported
 * by `loadStageConfig` before this is called.
 */
export const stageTopology = (
  config: StageConfig,
  /** Builds the topology for the instances. @default hubTopologyFor */
  topologyFor: (connectors: ConnectorsConfig) => Topology = hubTopologyFor,
): Topology =>
  topologyFor(
    configuredConnectors(CONNECTOR_SYNC_FUNCTION, config.functionEnvironment[CONNECTOR_SYNC_FUNCTION])
      .connectors,
  );
