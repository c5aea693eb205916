import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { DynamoDbBackend } from '../adapters/dynamodb/dynamodb-backend.ts';
import { createStoreItemsReader } from '../adapters/dynamodb/scan-store-items.ts';
import { loggerFor, metricsFor } from '../adapters/observability/powertools.ts';
import { STORED_UNIT_ATTRIBUTES } from '../app/reactions/file-stored-coverage.ts';
import { COVERAGE_SWEEP_SERVICE, reportCoverageSweep } from '../app/reactions/report-coverage-sweep.ts';
import { type CoverageSweepResult, sweepCoverage } from '../app/reactions/sweep-coverage.ts';
import { hubEnv } from '../schemas/config/hub-env.ts';
import { reactionsConfigFromEnv } from '../schemas/config/reactions-env.ts';

const logger = loggerFor(COVERAGE_SWEEP_SERVICE);
const metrics = metricsFor(COVERAGE_SWEEP_SERVICE);
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
  .use(logMetrics(metrics))
  .handler(async (_event, context) => {
    const result = await sweepCoverage({ ...deps, remainingMs: () => context.getRemainingTimeInMillis() });
    reportCoverageSweep(result, logger, metrics);
    return result;
  });
