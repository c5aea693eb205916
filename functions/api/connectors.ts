import { createDocumentClient } from '../../adapters/dynamodb/client.ts';
import { createDynamoConnectorState } from '../../adapters/dynamodb/connector-state/dynamo-connector-state.ts';
import { createConnectorReads } from '../../app/api/connector-reads.ts';
import { lazyCursorCodec } from '../../app/api/http/cursor-key.ts';
import { createDynamoQuarantineReader } from '../../app/api/quarantine-reader.ts';
import { apiEnv } from '../../schemas/config/api-env.ts';
import { hubEnv } from '../../schemas/config/hub-env.ts';
import { apiHandler } from './http/api-handler.ts';
import { readSecretFields } from './http/secret-fields.ts';
import { connectorsRoutes } from './routes/connectors-routes.ts';

const tableName = hubEnv().HUB_TABLE_NAME;
const documentClient = createDocumentClient();

const connectors = createConnectorReads({
  state: createDynamoConnectorState(documentClient, tableName),
  quarantine: createDynamoQuarantineReader(documentClient, tableName),
  cursors: lazyCursorCodec(apiEnv().HUB_API_CURSOR_SECRET, readSecretFields()),
});

/** GET /connectors, GET /connectors/{name}/quarantine. */
export const handler = apiHandler(connectorsRoutes(connectors));
