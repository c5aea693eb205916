import { createDocumentClient } from '../../adapters/dynamodb/client.ts';
import { createDynamoSegmentIndex } from '../../adapters/dynamodb/segment-index.ts';
import { lazyCursorCodec } from '../../app/api/http/cursor-key.ts';
import { createSegmentReads } from '../../app/api/segment-reads.ts';
import { apiEnv } from '../../schemas/config/api-env.ts';
import { hubEnv } from '../../schemas/config/hub-env.ts';
import { apiHandler } from './http/api-handler.ts';
import { readSecretFields } from './http/secret-fields.ts';
import { segmentsRoutes } from './routes/segments-routes.ts';

const reads = createSegmentReads({
  segments: createDynamoSegmentIndex(createDocumentClient(), hubEnv().HUB_TABLE_NAME),
  cursors: lazyCursorCodec(apiEnv().HUB_API_CURSOR_SECRET, readSecretFields()),
});

/** GET /segments, GET /segments/{segment}/customers. */
export const handler = apiHandler(segmentsRoutes(reads));
