import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import middy from '@middy/core';
import type { DynamoDBBatchResponse } from 'aws-lambda';
import { loggerFor } from '../adapters/observability/powertools.ts';
import { traced } from '../adapters/observability/tracer.ts';
import { publishStreamChanges } from '../app/events/publish-stream-changes.ts';
import { hubEnv } from '../schemas/config/hub-env.ts';
import { type StreamEvent, toChangeRecord } from './stream/change-records.ts';
import { StreamEventSchema } from './stream/stream-event-schema.ts';

const logger = loggerFor('stream-publisher');
// Default config: on AWS the region's endpoint, locally AWS_ENDPOINT_URL_EVENTBRIDGE set by the runtime.
const eventBridge = traced(new EventBridgeClient({}));

const feedLogger = {
  warn: (message: string, extra: Record<string, unknown> = {}) => logger.warn(message, extra),
  error: (message: string, extra: Record<string, unknown> = {}) => logger.error(message, extra),
};

/** Publishes the domain events of committed table changes; reports unpublished changes back to the stream. */
export const handler = middy<StreamEvent, DynamoDBBatchResponse>()
  .use(parser({ schema: StreamEventSchema }))
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    const result = await publishStreamChanges(event.Records.map(toChangeRecord), {
      client: eventBridge,
      busName: hubEnv().HUB_EVENT_BUS_NAME,
      logger: feedLogger,
    });
    return { batchItemFailures: result.failedSequenceNumbers.map((itemIdentifier) => ({ itemIdentifier })) };
  });
