import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import middy from '@middy/core';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { DynamoDemandStore } from '../adapters/dynamodb/demand-store.ts';
import { loggerFor } from '../adapters/observability/powertools.ts';
import { recomputeDemand } from '../app/demand/recompute-demand.ts';
import { demandConfigFromEnv } from '../schemas/config/demand-env.ts';
import { hubEnv } from '../schemas/config/hub-env.ts';
import { type StreamEvent, toChangeRecord } from './stream/change-records.ts';
import { StreamEventSchema } from './stream/stream-event-schema.ts';

const logger = loggerFor('demand-recompute');
const client = createDocumentClient();

/** Re-decides the demand signals of the parts a batch of committed changes touches. */
export const handler = middy<StreamEvent, void>()
  .use(parser({ schema: StreamEventSchema }))
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    const result = await recomputeDemand(event.Records.map(toChangeRecord), {
      store: new DynamoDemandStore(client, hubEnv().HUB_TABLE_NAME),
      config: demandConfigFromEnv(),
      now: () => new Date(),
    });
    if (result.parts > 0) logger.info('demand recomputed', { ...result });
  });
