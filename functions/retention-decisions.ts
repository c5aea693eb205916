import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { loggerFor } from '../adapters/observability/powertools.ts';
import {
  createCustomerStore,
  type DynamoCustomerStore,
} from '../app/customer-store/create-customer-store.ts';
import { decideRetentionTask } from '../app/reactions/decide-retention.ts';
import { hubEnv } from '../schemas/config/hub-env.ts';
import { reactionsConfigFromEnv } from '../schemas/config/reactions-env.ts';

const logger = loggerFor('reactions');
let store: DynamoCustomerStore | undefined;
const config = reactionsConfigFromEnv();

/** Rule target for churn warnings and lifecycle moves: decides the retention task with the 360 summary. */
export const handler = middy<unknown, void>()
  .use(injectLambdaContext(logger))
  .handler(async (event) => {
    store ??= createCustomerStore({ tableName: hubEnv().HUB_TABLE_NAME });
    const outcome = await decideRetentionTask(event, {
      store,
      backend: store.backend,
      config,
      now: () => new Date(),
    });
    logger.info('retention decision', { ...outcome });
  });
