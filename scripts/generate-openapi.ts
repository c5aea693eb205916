/**
 * Writes docs/openapi.json from the operations' zod schemas and the topology's routes, so other teams
 * can generate clients without running hub360. `npx tsx scripts/generate-openapi.ts` (a unit test fails
 * when the committed file is out of date).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hubTopology } from '../infra/topology/index.ts';
import { API_VERSION } from '../schemas/api/openapi/api-version.ts';
import { buildOpenApiDocument } from '../schemas/api/openapi/openapi-document.ts';

/** Where the document is committed. */
export const OPENAPI_FILE = fileURLToPath(new URL('../docs/openapi.json', import.meta.url));

/** The document exactly as committed: two-space JSON with a final newline. */
export const renderOpenApiDocument = (): string =>
  `${JSON.stringify(buildOpenApiDocument(hubTopology.routes, API_VERSION), null, 2)}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(OPENAPI_FILE, renderOpenApiDocument());
  process.stdout.write(`wrote ${OPENAPI_FILE}\n`);
}
