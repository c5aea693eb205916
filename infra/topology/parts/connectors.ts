import type { ConnectorsConfig } from '../../../connectors/config/connector-config.ts';
import { connectorSchedulesOf } from '../../../connectors/config/connector-schedules.ts';
import type { TopologyPart } from '../part.ts';

/** The function that syncs every connector instance; a stage's `HUB_CONNECTORS` is set on it. */
export const CONNECTOR_SYNC_FUNCTION = 'connector-sync';

/** The schedule that syncs one connector instance, on AWS and locally. */
export const connectorScheduleName = (connector: string): string => `sync-${connector}`;

/**
 * The connectors slice of the topology for a deployment's connector instances (`HUB_CONNECTORS`): one schedule
 * per instance, whatever its name, on its own `schedule` or its preset's default, all served by one sync
 * function. An instance that is not configured has no schedule.
 */
export const connectorsPart = (connectors: ConnectorsConfig): TopologyPart => {
  const schedules = connectorSchedulesOf(connectors);
  return {
    functions: {
      [CONNECTOR_SYNC_FUNCTION]: {
        entry: 'functions/connector-sync.ts',
        description: 'Syncs one connector from its last checkpoint into the customer-360 store',
        // Long initial loads stop before this with a checkpoint and continue in a follow-up invocation.
        timeoutSeconds: 600,
        memoryMb: 1024,
        // Source credentials are granted per configured connector (its `auth.secret`), by the stack.
        grants: {
          table: 'readWrite',
          bus: 'put',
          landingBucket: 'read',
          // ConnectorSyncPaused (connectors/run/continuation.ts), the only event a sync publishes itself.
          eventSources: ['hub360.connectors'],
        },
        // A failed run keeps its checkpoint; the next schedule retries, so Lambda's own retries only add load.
        asyncRetries: 0,
        // Runs may outlast their 1- and 5-minute schedules: one slot per scheduled connector bounds overlap
        // (a second run of the same connector skips at once, as another holds its lease).
        reservedConcurrency: Math.max(1, schedules.length),
      },
    },
    streamSubscriptions: [],
    schedules: schedules.map((s) => ({
      name: connectorScheduleName(s.connector),
      description: `Syncs connector ${s.connector} (preset ${s.preset})`,
      expression: s.expression,
      function: CONNECTOR_SYNC_FUNCTION,
      input: { connector: s.connector },
      // Locally the first data must not wait a whole period; the lease keeps a later tick from running twice.
      runAtStart: true,
    })),
    rules: [
      {
        name: 'connector-sync-continuation',
        description: 'Continues a sync that stopped for time with work left (long initial loads)',
        pattern: { source: ['hub360.connectors'], 'detail-type': ['ConnectorSyncPaused'] },
        targets: [
          {
            kind: 'function',
            id: CONNECTOR_SYNC_FUNCTION,
            function: CONNECTOR_SYNC_FUNCTION,
            inputTransformer: {
              inputPathsMap: { connector: '$.detail.connector' },
              inputTemplate: '{"connector": <connector>}',
            },
            retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeSeconds: 3600 },
          },
        ],
      },
    ],
    routes: [],
  };
};
