import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { createDynamoConnectorState } from '../adapters/dynamodb/connector-state/dynamo-connector-state.ts';
import { createDynamoKnownRecordKeys } from '../adapters/dynamodb/connector-state/dynamo-known-record-keys.ts';
import { publishSyncPaused } from '../adapters/eventbridge/continuation.ts';
import { loggerFor, metricsFor } from '../adapters/observability/powertools.ts';
import { traced } from '../adapters/observability/tracer.ts';
import { createSecretResolver } from '../adapters/secrets/create-secret-resolver.ts';
import { leaseSettingsOf } from '../app/connector-sync/connector-lease.ts';
import { createConnectorSyncService } from '../app/connector-sync/connector-sync-service.ts';
import { invocationDeadline } from '../app/connector-sync/invocation-deadline.ts';
import { runScheduledSync, type ScheduledSyncResult } from '../app/connector-sync/run-scheduled-sync.ts';
import { type ConnectorSyncRequest, ConnectorSyncRequestSchema } from '../app/connector-sync/sync-request.ts';
import { createCustomerStore } from '../app/customer-store/create-customer-store.ts';
import { loadConnectorsConfig } from '../connectors/config/load-connectors-config.ts';
import { connectorEnv } from '../schemas/config/connector-env.ts';
import { hubEnv } from '../schemas/config/hub-env.ts';

const logger = loggerFor('connector-sync');
const metrics = metricsFor('connector-sync');

// Parsed once per sandbox: a bad config fails the first invocation loudly, naming the field.
const env = hubEnv();
const settings = connectorEnv();
const documentClient = createDocumentClient();
const eventBridge = traced(new EventBridgeClient({}));
const service = createConnectorSyncService({
  connectors: loadConnectorsConfig(),
  sink: createCustomerStore({ tableName: env.HUB_TABLE_NAME, documentClient }),
  state: createDynamoConnectorState(documentClient, env.HUB_TABLE_NAME),
  secrets: createSecretResolver(settings.HUB_SECRETS_SOURCE),
  known: createDynamoKnownRecordKeys(documentClient, env.HUB_TABLE_NAME),
  lease: leaseSettingsOf(settings.HUB_CONNECTOR_LEASE_SECONDS * 1000),
  onRetry: (connector, notice) => logger.warn('source request retried', { connector, ...notice }),
  publishPaused: (detail) => publishSyncPaused(eventBridge, env.HUB_EVENT_BUS_NAME, detail),
});

/** Scheduled (and continued) sync of one connector: `{ connector, streams?, full? }`. */
export const handler = middy<ConnectorSyncRequest, ScheduledSyncResult, Error, Context>()
  .use(parser({ schema: ConnectorSyncRequestSchema }))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler((request, context) =>
    runScheduledSync(
      service,
      request,
      {
        ...invocationDeadline(context.getRemainingTimeInMillis()),
        reserveMs: settings.HUB_CONNECTOR_RESERVE_MS,
        correlationId: context.awsRequestId,
      },
      { logger, metrics },
    ),
  );
