import * as z from 'zod';
import { storeEvents } from './catalogue.ts';
import { derivedEvents } from './derived-events.ts';
import type { EventDefinition } from './event-envelope.ts';
import { insightEvents } from './insight-events.ts';

/** Where the generated schemas live, relative to the repository root. */
export const EVENT_SCHEMA_DIR = 'docs/schemas/events';

/** File name of an event's JSON Schema: `<DetailType>.v<schemaVersion>.json`. */
export const eventSchemaFileName = (definition: EventDefinition): string =>
  `${definition.detailType}.v${definition.schemaVersion}.json`;

/**
 * The JSON Schema (draft 2020-12) of one event's `detail`, with the EventBridge `source` and
 * `detail-type` it travels under, for a schema registry and for teams outside TypeScript.
 */
export const eventJsonSchema = (definition: EventDefinition): Record<string, unknown> => {
  const { $schema, ...detail } = z.toJSONSchema(definition.detail, { target: 'draft-2020-12', io: 'output' });
  return {
    $schema: $schema ?? 'https://json-schema.org/draft/2020-12/schema',
    $id: `https://hub360.example/schemas/events/${eventSchemaFileName(definition)}`,
    title: definition.detailType,
    description: definition.description,
    'x-eventbridge': { source: definition.source, 'detail-type': definition.detailType },
    ...detail,
  };
};

/** Every published event's JSON Schema (store change feed, insights, demand and reactions), by file name. */
export const renderEventJsonSchemas = (): Map<string, Record<string, unknown>> =>
  new Map(
    [...Object.values(storeEvents), ...Object.values(insightEvents), ...Object.values(derivedEvents)].map(
      (definition) => [eventSchemaFileName(definition), eventJsonSchema(definition)],
    ),
  );
