import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_SCHEMA_DIR, renderEventJsonSchemas } from '../schemas/events/event-json-schemas.ts';

// Regenerates docs/schemas/events from the zod event schemas: `npx tsx scripts/generate-event-schemas.ts`.
const schemas = renderEventJsonSchemas();
mkdirSync(EVENT_SCHEMA_DIR, { recursive: true });
for (const file of readdirSync(EVENT_SCHEMA_DIR)) {
  if (file.endsWith('.json') && !schemas.has(file)) rmSync(join(EVENT_SCHEMA_DIR, file));
}
for (const [file, schema] of schemas)
  writeFileSync(join(EVENT_SCHEMA_DIR, file), `${JSON.stringify(schema, null, 2)}\n`);
// Format as the linter wants it, so `npm run lint` stays clean; the freshness test compares parsed JSON.
spawnSync('npx', ['biome', 'format', '--write', EVENT_SCHEMA_DIR], { stdio: 'inherit' });
console.log(`wrote ${schemas.size} event schemas to ${EVENT_SCHEMA_DIR}`);
