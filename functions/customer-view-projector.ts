import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import middy from '@middy/core';
import type { DynamoDBBatchResponse } from 'aws-lambda';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { loggerFor } from '../adapters/observability/powertools.ts';
import { createViewProjector } from '../app/customer-360/project-customer-views.ts';
import { hubEnv } from '../schemas/config/hub-env.ts';
import { viewLimitsFromEnv } from '../schemas/config/view-env.ts';
import { type StreamEvent, toChangeRecord } from './stream/change-records.ts';
import { StreamEventSchema } from './stream/stream-event-schema.ts';

const logger = loggerFor('customer-view');
// Limits parsed once per sandbox: a wrong value fails the cold start, naming the field.
const projector = createViewProjector({
  client: createDocumentClient(),
  tableName: hubEnv().HUB_TABLE_NAME,
  limits: viewLimitsFromEnv(),
});

/** Folds committed table changes into the customer-360 views; customers that failed go back to the stream. */
export const handler = middy<StreamEvent, DynamoDBBatchResponse>()
  .use(parser({ schema: StreamEventSchema }))
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    const result = await projector.project(event.Records.map(toChangeRecord));
    if (result.failed.length > 0) logger.error('views not projected', { failed: result.failed.slice(0, 5) });
    const { failed: _failed, failedSequenceNumbers, ...counts } = result;
    if (result.customers > 0) logger.info('views projected', counts);
    return { batchItemFailures: failedSequenceNumbers.map((itemIdentifier) => ({ itemIdentifier })) };
  });
