import document from '../../docs/openapi.json' with { type: 'json' };
import { getOpenApiOperation } from '../../schemas/api/operations/get-openapi.ts';
import { apiHandler, route } from './http/api-handler.ts';
import { jsonResponse } from './http/responses.ts';

/**
 * GET /openapi.json: serves the committed document (a test keeps it equal to what the schemas
 * generate), so this function bundles a JSON file instead of the generator and every schema.
 */
export const handler = apiHandler([
  route(getOpenApiOperation, async () =>
    jsonResponse(200, document, { 'cache-control': 'public, max-age=300' }),
  ),
]);
