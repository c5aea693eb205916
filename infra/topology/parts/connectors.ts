import type { TopologyPart } from '../part.ts';

/**
 * Connectors hub360 schedules: one schedule per connector instance, all served by one sync function.
 * A deployment that does not configure a connector (`HUB_CONNECTORS`) gets a no-op run from its schedule.
 */
export const connectorSchedules = [
  {
    connector: 'sap-s4',
    expression: 'rate(5 minutes)',
    description: 'SAP S/4HANA business partners, orders, billing',
  },
  {
    connector: 'business-central',
    expression: 'rate(5 minutes)',
    description: 'Business Central customers, orders, invoices',
  },
  { connector: 'windchill', expression: 'rate(15 minutes)', description: 'Windchill parts' },
  {
    connector: 'oracle-scm',
    expression: 'rate(5 minutes)',
    description: 'Oracle SCM shipments and on-hand stock',
  },
  { connector: 'clickstream', expression: 'rate(1 minute)', description: 'Segment clickstream files' },
  {
    connector: 'service-desk',
    expression: 'rate(1 minute)',
    description: 'Zendesk Support tickets (incremental export)',
  },
] as const;

/** The connectors slice of the topology. */
export const connectorsPart: TopologyPart = {
  functions: {
    'connector-sync': {
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
      reservedConcurrency: connectorSchedules.length,
    },
  },
  streamSubscriptions: [],
  schedules: connectorSchedules.map((s) => ({
    name: `sync-${s.connector}`,
    description: s.description,
    expression: s.expression,
    function: 'connector-sync',
    input: { connector: s.connector },
  })),
  rules: [
    {
      name: 'connector-sync-continuation',
      description: 'Continues a sync that stopped for time with work left (long initial loads)',
      pattern: { source: ['hub360.connectors'], 'detail-type': ['ConnectorSyncPaused'] },
      targets: [
        {
          kind: 'function',
          id: 'connector-sync',
          function: 'connector-sync',
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
