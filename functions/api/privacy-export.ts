import { createPrivacyExports } from '../../app/api/privacy-requests.ts';
import { createCustomerReadStore } from '../../app/customer-store/create-customer-read-store.ts';
import { hubEnv } from '../../schemas/config/hub-env.ts';
import { apiHandler } from './http/api-handler.ts';
import { privacyExportRoutes } from './routes/privacy-routes.ts';

// Its own entry (not privacy.ts): the read-only function then bundles no erasure code.
const privacy = createPrivacyExports(createCustomerReadStore({ tableName: hubEnv().HUB_TABLE_NAME }));

/** GET /customers/{id}/export. */
export const handler = apiHandler(privacyExportRoutes(privacy));
