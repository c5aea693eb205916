import { createIdentityRequests } from '../../core/api/identity-requests.ts';
import { hubEnv } from '../../core/config/hub-env.ts';
import { createCustomerStore } from '../../core/store/create-customer-store.ts';
import { apiHandler } from './http/api-handler.ts';
import { identityRoutes } from './routes/identity-routes.ts';

const identity = createIdentityRequests(createCustomerStore({ tableName: hubEnv().HUB_TABLE_NAME }));

/** GET /customers/{id}/identity, POST /customers/{id}/unmerge. */
export const handler = apiHandler(identityRoutes(identity));
