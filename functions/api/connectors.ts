import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoConnectorState } from '../../connectors/state/dynamo-connector-state.ts';
import { apiEnv } from '../../core/api/api-env.ts';
import { createConnectorReads } from '../../core/api/connector-reads.ts';
import { lazyCursorCodec } from '../../core/api/cursor-key.ts';
import { createDynamoQuarantineReader } from '../../core/api/quarantine-reader.ts';
import { hubEnv } from '../../core/config/hub-env.ts';
import { apiHandler } from './http/api-handler.ts';
import { readSecretFields } from './http/secret-fields.ts';
import { connectorsRoutes } from './routes/connectors-routes.ts';

const tableName = hubEnv().HUB_TABLE_NAME;
const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}));

const connectors = createConnectorReads({
  state: createDynamoConnectorState(documentClient, tableName),
  quarantine: createDynamoQuarantineReader(documentClient, tableName),
  cursors: lazyCursorCodec(apiEnv().HUB_API_CURSOR_SECRET, readSecretFields()),
});

/** GET /connectors, GET /connectors/{name}/quarantine. */
export const handler = apiHandler(connectorsRoutes(connectors));
