import { createIdentityRequests } from '../../app/api/identity-requests.ts';
import { createCustomerStore } from '../../app/customer-store/create-customer-store.ts';
import { hubEnv } from '../../schemas/config/hub-env.ts';
import { apiHandler } from './http/api-handler.ts';
import { identityRoutes } from './routes/identity-routes.ts';

const identity = createIdentityRequests(createCustomerStore({ tableName: hubEnv().HUB_TABLE_NAME }));

/** GET /customers/{id}/identity, POST /customers/{id}/unmerge. */
export const handler = apiHandler(identityRoutes(identity));
