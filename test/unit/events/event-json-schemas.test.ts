import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_SCHEMA_DIR, renderEventJsonSchemas } from '../../../schemas/events/event-json-schemas.ts';

describe('generated event JSON Schemas', () => {
  it('are up to date with the zod schemas (run `npx tsx scripts/generate-event-schemas.ts` when this fails)', () => {
    const expected = renderEventJsonSchemas();
    const committed = readdirSync(EVENT_SCHEMA_DIR).filter((f) => f.endsWith('.json'));
    expect(committed.sort()).toEqual([...expected.keys()].sort());
    for (const [file, schema] of expected) {
      expect(JSON.parse(readFileSync(join(EVENT_SCHEMA_DIR, file), 'utf8')), file).toEqual(schema);
    }
  });

  it('describe each event with its bus source, detail-type and versioned metadata', () => {
    const schema = renderEventJsonSchemas().get('CustomersMerged.v1.json');
    expect(schema).toMatchObject({
      'x-eventbridge': { source: 'hub360.identity', 'detail-type': 'CustomersMerged' },
      required: expect.arrayContaining(['schemaVersion', 'metadata', 'entry']),
    });
  });
});
