import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import middy from '@middy/core';
import type { DynamoDBBatchResponse } from 'aws-lambda';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { DynamoDbBackend } from '../adapters/dynamodb/dynamodb-backend.ts';
import { createDynamoDbReactionLedger } from '../adapters/dynamodb/reactions/dynamodb-reaction-ledger.ts';
import { loggerFor } from '../adapters/observability/powertools.ts';
import { decideReactions } from '../app/reactions/decide-reactions.ts';
import { stampOutcomes } from '../app/reactions/stamp-outcomes.ts';
import type { ReactionLedger } from '../core/ports/reaction-ledger.ts';
import { hubEnv } from '../schemas/config/hub-env.ts';
import { reactionsConfigFromEnv } from '../schemas/config/reactions-env.ts';
import { type StreamEvent, toChangeRecord } from './stream/change-records.ts';
import { StreamEventSchema } from './stream/stream-event-schema.ts';

const logger = loggerFor('reactions');
// Only the backend: deciding reactions needs no ingest, identity or erasure code of the customer store.
let backend: DynamoDbBackend | undefined;
let ledger: ReactionLedger | undefined;
const config = reactionsConfigFromEnv();

/**
 * Decides the reactions committed changes call for (once per reaction key; the stream announces them), and
 * stamps the outcome of earlier reactions the changes convert (an order, a payment, stock arriving).
 */
export const handler = middy<StreamEvent, DynamoDBBatchResponse>()
  .use(parser({ schema: StreamEventSchema }))
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    if (!backend || !ledger) {
      const client = createDocumentClient();
      backend = new DynamoDbBackend(client, hubEnv().HUB_TABLE_NAME);
      ledger = createDynamoDbReactionLedger(client, hubEnv().HUB_TABLE_NAME);
    }
    const changes = event.Records.map(toChangeRecord);
    const result = await decideReactions(changes, { backend, config, now: () => new Date() });
    const outcomes = await stampOutcomes(changes, { ledger, windowDays: config.outcomeWindowDays });
    if (result.decided > 0) logger.info('reactions decided', { decided: result.decided });
    if (outcomes.converted > 0) logger.info('reactions converted', { converted: outcomes.converted });
    const failed = new Set([...result.failedSequenceNumbers, ...outcomes.failedSequenceNumbers]);
    if (failed.size > 0) logger.warn('changes go back to the stream', { failed: failed.size });
    return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) };
  });
