import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import middy from '@middy/core';
import type { DynamoDBBatchResponse } from 'aws-lambda';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { DynamoDbBackend } from '../adapters/dynamodb/dynamodb-backend.ts';
import { loggerFor } from '../adapters/observability/powertools.ts';
import { recomputeChangedCustomers } from '../app/insights/recompute-insights.ts';
import { hubEnv } from '../schemas/config/hub-env.ts';
import { insightsConfigFromEnv } from '../schemas/config/insights-env.ts';
import { type StreamEvent, toChangeRecord } from './stream/change-records.ts';
import { StreamEventSchema } from './stream/stream-event-schema.ts';

const logger = loggerFor('insights');
const deps = {
  backend: new DynamoDbBackend(createDocumentClient(), hubEnv().HUB_TABLE_NAME),
  // Parsed once per sandbox: a wrong threshold fails the cold start, naming the field and its value.
  config: insightsConfigFromEnv(),
  now: () => new Date().toISOString(),
};

/** Recomputes the insights of every customer a batch of table changes touched; failed ones go back to the stream. */
export const handler = middy<StreamEvent, DynamoDBBatchResponse>()
  .use(parser({ schema: StreamEventSchema }))
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    const result = await recomputeChangedCustomers(deps, event.Records.map(toChangeRecord));
    if (result.failed.length > 0)
      logger.error('insights not recomputed', { failed: result.failed.slice(0, 5) });
    logger.info('insights recomputed', { customers: result.customers, written: result.written });
    return { batchItemFailures: result.failedSequenceNumbers.map((itemIdentifier) => ({ itemIdentifier })) };
  });
