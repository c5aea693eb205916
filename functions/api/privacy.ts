import { createPrivacyRequests } from '../../app/api/privacy-requests.ts';
import { createCustomerStore } from '../../app/customer-store/create-customer-store.ts';
import { hubEnv } from '../../schemas/config/hub-env.ts';
import { apiHandler } from './http/api-handler.ts';
import { privacyRoutes } from './routes/privacy-routes.ts';

const privacy = createPrivacyRequests(createCustomerStore({ tableName: hubEnv().HUB_TABLE_NAME }));

/** DELETE /customers/{id}, GET /customers/{id}/export. */
export const handler = apiHandler(privacyRoutes(privacy));
