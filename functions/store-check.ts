import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import middy from '@middy/core';
import { createDocumentClient } from '../adapters/dynamodb/client.ts';
import { DynamoDbBackend } from '../adapters/dynamodb/dynamodb-backend.ts';
import { createStoreItemsReader } from '../adapters/dynamodb/scan-store-items.ts';
import { loggerFor, metricsFor } from '../adapters/observability/powertools.ts';
import { createCustomerStore } from '../app/customer-store/create-customer-store.ts';
import {
  reportStoreCheck,
  STORE_CHECK_SERVICE,
  type StoreCheckSummary,
} from '../app/store-check/report-store-check.ts';
import { runStoreCheck } from '../app/store-check/run-store-check.ts';
import { CHECKED_ATTRIBUTES } from '../core/store-check/check-store-invariants.ts';
import { hubEnv } from '../schemas/config/hub-env.ts';
import { type StoreCheckInput, StoreCheckInputSchema } from '../schemas/config/store-check-input.ts';

const logger = loggerFor(STORE_CHECK_SERVICE);
const metrics = metricsFor(STORE_CHECK_SERVICE);
const documentClient = createDocumentClient();
const tableName = hubEnv().HUB_TABLE_NAME;
const deps = {
  reader: createStoreItemsReader(documentClient, tableName, { attributes: CHECKED_ATTRIBUTES }),
  backend: new DynamoDbBackend(documentClient, tableName),
  identity: createCustomerStore({ tableName, documentClient }),
};

/** Scheduled: `npx hub360 store check [--repair]` over the whole store, with a metric the alarm watches. */
export const handler = middy<StoreCheckInput, StoreCheckSummary>()
  .use(parser({ schema: StoreCheckInputSchema }))
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .handler(async (input) => reportStoreCheck(await runStoreCheck(deps, input), logger, metrics));
