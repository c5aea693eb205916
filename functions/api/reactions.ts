import { createDocumentClient } from '../../adapters/dynamodb/client.ts';
import { createDynamoDbReactionLedger } from '../../adapters/dynamodb/reactions/dynamodb-reaction-ledger.ts';
import { lazyCursorCodec } from '../../app/api/http/cursor-key.ts';
import { createReactionFeed } from '../../app/reactions/reaction-feed.ts';
import { apiEnv } from '../../schemas/config/api-env.ts';
import { hubEnv } from '../../schemas/config/hub-env.ts';
import { reactionsConfigFromEnv } from '../../schemas/config/reactions-env.ts';
import { apiHandler } from './http/api-handler.ts';
import { readSecretFields } from './http/secret-fields.ts';
import { reactionsRoutes } from './routes/reactions-routes.ts';

const tableName = hubEnv().HUB_TABLE_NAME;
const documentClient = createDocumentClient();

const feed = createReactionFeed({
  ledger: createDynamoDbReactionLedger(documentClient, tableName),
  cursors: lazyCursorCodec(apiEnv().HUB_API_CURSOR_SECRET, readSecretFields()),
  now: () => new Date(),
  windowDays: reactionsConfigFromEnv().outcomeWindowDays,
});

/** GET /reactions, GET /reactions/outcomes. */
export const handler = apiHandler(reactionsRoutes(feed));
