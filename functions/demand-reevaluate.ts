import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { DynamoDemandStore } from '../adapters/dynamodb/demand-store.ts';
import { loggerFor } from '../adapters/observability/powertools.ts';
import { type DemandRunResult, reevaluateDemand } from '../app/demand/reevaluate-demand.ts';
import { demandConfigFromEnv } from '../schemas/config/demand-env.ts';
import { hubEnv } from '../schemas/config/hub-env.ts';

const logger = loggerFor('demand-reevaluate');
const deps = {
  store: new DynamoDemandStore(createDocumentClient(), hubEnv().HUB_TABLE_NAME),
  // Parsed once per sandbox: a wrong field fails the cold start, naming it.
  config: demandConfigFromEnv(),
  now: () => new Date(),
};

/** Scheduled: re-decides every watched part's demand signal, for what only the passing of time changes. */
export const handler = middy<unknown, DemandRunResult>()
  .use(injectLambdaContext(logger))
  .handler(async (_event, context) => {
    const result = await reevaluateDemand({ ...deps, remainingMs: () => context.getRemainingTimeInMillis() });
    logger.info('demand re-evaluated', { ...result, failed: result.failed.length });
    if (result.failed.length > 0)
      logger.error('parts not re-evaluated', { failed: result.failed.slice(0, 5) });
    if (result.notReached > 0)
      logger.error('the run ran out of time before reaching every watched part', {
        notReached: result.notReached,
      });
    return result;
  });
