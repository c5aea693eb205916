import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { DynamoDBStreamSchema } from '@aws-lambda-powertools/parser/schemas/dynamodb';
import middy from '@middy/core';
import type { z } from 'zod';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { DynamoDemandStore } from '../adapters/dynamodb/demand-store.ts';
import { loggerFor } from '../adapters/observability/powertools.ts';
import { recomputeDemand } from '../app/demand/recompute-demand.ts';
import { type ChangeRecord, ChangeRecordSchema } from '../core/events/change-record.ts';
import { demandConfigFromEnv } from '../schemas/config/demand-env.ts';
import { hubEnv } from '../schemas/config/hub-env.ts';

type StreamEvent = z.infer<typeof DynamoDBStreamSchema>;

const logger = loggerFor('demand-recompute');
const client = createDocumentClient();

const toChange = (record: StreamEvent['Records'][number]): ChangeRecord =>
  ChangeRecordSchema.parse({
    eventName: record.eventName,
    sequenceNumber: 'SequenceNumber' in record.dynamodb ? record.dynamodb.SequenceNumber : undefined,
    approximateCreationDateTime: record.dynamodb.ApproximateCreationDateTime,
    keys: record.dynamodb.Keys,
    newImage: record.dynamodb.NewImage,
    oldImage: record.dynamodb.OldImage,
  });

/** Re-decides the demand signals of the parts a batch of committed changes touches. */
export const handler = middy<StreamEvent, void>()
  .use(parser({ schema: DynamoDBStreamSchema }))
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    const result = await recomputeDemand(event.Records.map(toChange), {
      store: new DynamoDemandStore(client, hubEnv().HUB_TABLE_NAME),
      config: demandConfigFromEnv(),
      now: () => new Date(),
    });
    if (result.parts > 0) logger.info('demand recomputed', { ...result });
  });
