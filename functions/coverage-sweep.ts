import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { DynamoDbBackend } from '../adapters/dynamodb/dynamodb-backend.ts';
import { createStoreItemsReader } from '../adapters/dynamodb/scan-store-items.ts';
import { loggerFor } from '../adapters/observability/powertools.ts';
import { STORED_UNIT_ATTRIBUTES } from '../app/reactions/file-stored-coverage.ts';
import { type CoverageSweepResult, sweepCoverage } from '../app/reactions/sweep-coverage.ts';
import { hubEnv } from '../schemas/config/hub-env.ts';
import { reactionsConfigFromEnv } from '../schemas/config/reactions-env.ts';

const logger = loggerFor('coverage-sweep');
const documentClient = createDocumentClient();
const tableName = hubEnv().HUB_TABLE_NAME;
const deps = {
  backend: new DynamoDbBackend(documentClient, tableName),
  // Read once per store, to file the units stored before due items existed.
  storedItems: createStoreItemsReader(documentClient, tableName, { attributes: STORED_UNIT_ATTRIBUTES }),
  // Parsed once per sandbox: a wrong field fails the cold start, naming it.
  config: reactionsConfigFromEnv(),
  now: () => new Date(),
};

/** Scheduled: notices warranties and contracts whose end entered the notice window with no change of their unit. */
export const handler = middy<unknown, CoverageSweepResult>()
  .use(injectLambdaContext(logger))
  .handler(async (_event, context) => {
    const result = await sweepCoverage({ ...deps, remainingMs: () => context.getRemainingTimeInMillis() });
    logger.info('coverage swept', { ...result, failed: result.failed.length });
    if (result.storedUnits?.status === 'unfinished')
      logger.error('filing the stored units ran out of time; the next run starts over', {
        ...result.storedUnits,
      });
    if (result.failed.length > 0)
      logger.error('due coverage not decided', { failed: result.failed.slice(0, 5) });
    if (result.notReached > 0)
      logger.error('the run ran out of time before reaching every due unit', {
        notReached: result.notReached,
      });
    return result;
  });
