import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { DynamoDbBackend } from '../adapters/dynamodb/dynamodb-backend.ts';
import { createDynamoSegmentIndex } from '../adapters/dynamodb/segment-index.ts';
import { loggerFor } from '../adapters/observability/powertools.ts';
import { type PopulationRunResult, reevaluatePopulation } from '../app/insights/reevaluate-population.ts';
import { hubEnv } from '../schemas/config/hub-env.ts';
import { insightsConfigFromEnv } from '../schemas/config/insights-env.ts';

const logger = loggerFor('insights');
const documentClient = createDocumentClient();
const tableName = hubEnv().HUB_TABLE_NAME;
const deps = {
  backend: new DynamoDbBackend(documentClient, tableName),
  segments: createDynamoSegmentIndex(documentClient, tableName),
  // Parsed once per sandbox: a wrong threshold fails the cold start, naming the field and its value.
  config: insightsConfigFromEnv(),
  now: () => new Date().toISOString(),
};

/** Scheduled: time-driven stage moves, key customers and RFM boundaries over the whole population. */
export const handler = middy<unknown, PopulationRunResult>()
  .use(injectLambdaContext(logger))
  .handler(async () => {
    const result = await reevaluatePopulation(deps);
    logger.info('population re-evaluated', { ...result, failed: result.failed.length });
    if (result.failed.length > 0)
      logger.error('customers not re-evaluated', { failed: result.failed.slice(0, 5) });
    return result;
  });
