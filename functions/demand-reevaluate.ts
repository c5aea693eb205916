import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { DynamoDemandStore } from '../adapters/dynamodb/demand-store.ts';
import { loggerFor, metricsFor } from '../adapters/observability/powertools.ts';
import { type DemandRunResult, reevaluateDemand } from '../app/demand/reevaluate-demand.ts';
import { DEMAND_RUN_SERVICE, reportDemandRun } from '../app/demand/report-demand-run.ts';
import { demandConfigFromEnv } from '../schemas/config/demand-env.ts';
import { hubEnv } from '../schemas/config/hub-env.ts';

const logger = loggerFor(DEMAND_RUN_SERVICE);
const metrics = metricsFor(DEMAND_RUN_SERVICE);
const deps = {
  store: new DynamoDemandStore(createDocumentClient(), hubEnv().HUB_TABLE_NAME),
  // Parsed once per sandbox: a wrong field fails the cold start, naming it.
  config: demandConfigFromEnv(),
  now: () => new Date(),
};

/** Scheduled: re-decides every watched part's demand signal, for what only the passing of time changes. */
export const handler = middy<unknown, DemandRunResult>()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(async (_event, context) => {
    const result = await reevaluateDemand({ ...deps, remainingMs: () => context.getRemainingTimeInMillis() });
    reportDemandRun(result, logger, metrics);
    return result;
  });
