import { createPrivacyRequests } from '../../core/api/privacy-requests.ts';
import { hubEnv } from '../../core/config/hub-env.ts';
import { createCustomerStore } from '../../core/store/create-customer-store.ts';
import { apiHandler } from './http/api-handler.ts';
import { privacyRoutes } from './routes/privacy-routes.ts';

const privacy = createPrivacyRequests(createCustomerStore({ tableName: hubEnv().HUB_TABLE_NAME }));

/** DELETE /customers/{id}, GET /customers/{id}/export. */
export const handler = apiHandler(privacyRoutes(privacy));
