import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { connectorEnv } from '../connectors/config/connector-env.ts';
import { loadConnectorsConfig } from '../connectors/config/load-connectors-config.ts';
import { timeBudgetOf } from '../connectors/kit/time-budget.ts';
import {
  createConnectorSyncService,
  UnknownConnectorError,
} from '../connectors/run/connector-sync-service.ts';
import { publishSyncPaused } from '../connectors/run/continuation.ts';
import { reportRun } from '../connectors/run/report-run.ts';
import { type ConnectorSyncRequest, ConnectorSyncRequestSchema } from '../connectors/run/sync-request.ts';
import { createEnvironmentSecrets } from '../connectors/secrets/environment-secrets.ts';
import { createSecretsManagerSecrets } from '../connectors/secrets/secrets-manager-secrets.ts';
import { createDynamoConnectorState } from '../connectors/state/dynamo-connector-state.ts';
import { createDynamoKnownRecordKeys } from '../connectors/state/dynamo-known-record-keys.ts';
import { hubEnv } from '../core/config/hub-env.ts';
import { createCustomerStore } from '../core/store/create-customer-store.ts';
import { traced } from './observability/tracer.ts';

const logger = new Logger({ serviceName: 'connector-sync' });
const metrics = new Metrics({ namespace: 'hub360', serviceName: 'connector-sync' });

// Parsed once per sandbox: a bad config fails the first invocation loudly, naming the field.
const env = hubEnv();
const settings = connectorEnv();
const documentClient = DynamoDBDocumentClient.from(traced(new DynamoDBClient({})), {
  marshallOptions: { removeUndefinedValues: true },
});
const eventBridge = traced(new EventBridgeClient({}));
const service = createConnectorSyncService({
  connectors: loadConnectorsConfig(),
  sink: createCustomerStore({ tableName: env.HUB_TABLE_NAME, documentClient }),
  state: createDynamoConnectorState(documentClient, env.HUB_TABLE_NAME),
  secrets:
    settings.HUB_SECRETS_SOURCE === 'environment'
      ? createEnvironmentSecrets()
      : createSecretsManagerSecrets(),
  known: createDynamoKnownRecordKeys(documentClient, env.HUB_TABLE_NAME),
  onRetry: (connector, notice) => logger.warn('source request retried', { connector, ...notice }),
  publishPaused: (detail) => publishSyncPaused(eventBridge, env.HUB_EVENT_BUS_NAME, detail),
});

const run = async (request: ConnectorSyncRequest, context: Context) => {
  try {
    const outcome = await service.sync(request, {
      timeBudget: timeBudgetOf(context.getRemainingTimeInMillis(), Date.now),
      reserveMs: settings.HUB_CONNECTOR_RESERVE_MS,
      correlationId: context.awsRequestId,
    });
    reportRun(outcome, logger, metrics);
    return {
      connector: outcome.connector,
      caughtUp: outcome.caughtUp,
      continued: outcome.continued,
      skipped: outcome.skipped,
      failed: outcome.failed,
    };
  } catch (err: unknown) {
    // A schedule for a connector this deployment does not run is not an error worth retrying.
    if (err instanceof UnknownConnectorError) {
      logger.warn(err.message);
      return { connector: request.connector, caughtUp: true, skipped: 'not configured' };
    }
    throw err;
  }
};

/** Scheduled (and continued) sync of one connector: `{ connector, streams?, full? }`. */
export const handler = middy<ConnectorSyncRequest, Awaited<ReturnType<typeof run>>, Error, Context>()
  .use(parser({ schema: ConnectorSyncRequestSchema }))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(run);
