import { createCustomerReads } from '../../app/api/customer-reads.ts';
import { lazyCursorCodec } from '../../app/api/http/cursor-key.ts';
import { createCustomerReadStore } from '../../app/customer-store/create-customer-read-store.ts';
import { apiEnv } from '../../schemas/config/api-env.ts';
import { hubEnv } from '../../schemas/config/hub-env.ts';
import { apiHandler } from './http/api-handler.ts';
import { readSecretFields } from './http/secret-fields.ts';
import { customersReadRoutes } from './routes/customers-read-routes.ts';

const reads = createCustomerReads({
  store: createCustomerReadStore({ tableName: hubEnv().HUB_TABLE_NAME }),
  cursors: lazyCursorCodec(apiEnv().HUB_API_CURSOR_SECRET, readSecretFields()),
});

/** GET /customers/{id}, GET /customers?identifier=, GET /customers/{id}/timeline. */
export const handler = apiHandler(customersReadRoutes(reads));
