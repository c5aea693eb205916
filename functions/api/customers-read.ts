import { apiEnv } from '../../core/api/api-env.ts';
import { lazyCursorCodec } from '../../core/api/cursor-key.ts';
import { createCustomerReads } from '../../core/api/customer-reads.ts';
import { hubEnv } from '../../core/config/hub-env.ts';
import { createCustomerStore } from '../../core/store/create-customer-store.ts';
import { apiHandler } from './http/api-handler.ts';
import { readSecretFields } from './http/secret-fields.ts';
import { customersReadRoutes } from './routes/customers-read-routes.ts';

const reads = createCustomerReads({
  store: createCustomerStore({ tableName: hubEnv().HUB_TABLE_NAME }),
  cursors: lazyCursorCodec(apiEnv().HUB_API_CURSOR_SECRET, readSecretFields()),
});

/** GET /customers/{id}, GET /customers?identifier=, GET /customers/{id}/timeline. */
export const handler = apiHandler(customersReadRoutes(reads));
