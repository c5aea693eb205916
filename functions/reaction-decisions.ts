import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import middy from '@middy/core';
import type { DynamoDBBatchResponse } from 'aws-lambda';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { DynamoDbBackend } from '../adapters/dynamodb/dynamodb-backend.ts';
import { loggerFor } from '../adapters/observability/powertools.ts';
import { decideReactions } from '../app/reactions/decide-reactions.ts';
import { hubEnv } from '../schemas/config/hub-env.ts';
import { reactionsConfigFromEnv } from '../schemas/config/reactions-env.ts';
import { type StreamEvent, toChangeRecord } from './stream/change-records.ts';
import { StreamEventSchema } from './stream/stream-event-schema.ts';

const logger = loggerFor('reactions');
// Only the backend: deciding reactions needs no ingest, identity or erasure code of the customer store.
let backend: DynamoDbBackend | undefined;
const config = reactionsConfigFromEnv();

/** Decides the reactions committed changes call for (once per reaction key); the stream announces them. */
export const handler = middy<StreamEvent, DynamoDBBatchResponse>()
  .use(parser({ schema: StreamEventSchema }))
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    backend ??= new DynamoDbBackend(createDocumentClient(), hubEnv().HUB_TABLE_NAME);
    const result = await decideReactions(event.Records.map(toChangeRecord), {
      backend,
      config,
      now: () => new Date(),
    });
    if (result.decided > 0) logger.info('reactions decided', { decided: result.decided });
    if (result.failedSequenceNumbers.length > 0)
      logger.warn('changes go back to the stream', { failed: result.failedSequenceNumbers.length });
    return { batchItemFailures: result.failedSequenceNumbers.map((itemIdentifier) => ({ itemIdentifier })) };
  });
