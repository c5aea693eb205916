import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { DynamoDbBackend } from '../adapters/dynamodb/dynamodb-backend.ts';
import { createDynamoSegmentIndex } from '../adapters/dynamodb/segment-index.ts';
import { loggerFor, metricsFor } from '../adapters/observability/powertools.ts';
import { type PopulationRunResult, reevaluatePopulation } from '../app/insights/reevaluate-population.ts';
import { POPULATION_RUN_SERVICE, reportPopulationRun } from '../app/insights/report-population-run.ts';
import { hubEnv } from '../schemas/config/hub-env.ts';
import { insightsConfigFromEnv } from '../schemas/config/insights-env.ts';

const logger = loggerFor(POPULATION_RUN_SERVICE);
const metrics = metricsFor(POPULATION_RUN_SERVICE);
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
  .use(logMetrics(metrics))
  .handler(async (_event, context) => {
    const result = await reevaluatePopulation({
      ...deps,
      remainingMs: () => context.getRemainingTimeInMillis(),
    });
    reportPopulationRun(result, logger, metrics);
    return result;
  });
