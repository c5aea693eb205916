import { createIdentityReads } from '../../app/api/identity-requests.ts';
import { createCustomerReadStore } from '../../app/customer-store/create-customer-read-store.ts';
import { hubEnv } from '../../schemas/config/hub-env.ts';
import { apiHandler } from './http/api-handler.ts';
import { identityReadRoutes } from './routes/identity-routes.ts';

// Its own entry (not identity.ts): the read-only function then bundles no unmerge code.
const identity = createIdentityReads(createCustomerReadStore({ tableName: hubEnv().HUB_TABLE_NAME }));

/** GET /customers/{id}/identity. */
export const handler = apiHandler(identityReadRoutes(identity));
