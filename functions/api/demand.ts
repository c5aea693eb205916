import { createDocumentClient } from '../../adapters/dynamodb/client.ts';
import { DynamoDemandStore } from '../../adapters/dynamodb/demand-store.ts';
import { createProductDemandReads } from '../../app/demand/product-demand-reads.ts';
import { demandConfigFromEnv } from '../../schemas/config/demand-env.ts';
import { hubEnv } from '../../schemas/config/hub-env.ts';
import { apiHandler } from './http/api-handler.ts';
import { demandRoutes } from './routes/demand-routes.ts';

// Parsed once at cold start: a bad HUB_DEMAND_CONFIG fails here, naming the field.
const reads = createProductDemandReads({
  store: new DynamoDemandStore(createDocumentClient(), hubEnv().HUB_TABLE_NAME),
  config: demandConfigFromEnv(),
  now: () => new Date(),
});

/** GET /products/{partNumber}/demand. */
export const handler = apiHandler(demandRoutes(reads));
