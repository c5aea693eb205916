import * as z from 'zod';
import { pageOf } from './pagination.ts';

export const TimelineEntrySchema = z
  .object({
    at: z.string().meta({ description: 'When it happened (ISO-8601).' }),
    entity: z
      .string()
      .meta({ description: 'What kind of thing happened: order, invoice, shipment, interaction...' }),
    summary: z.string(),
    source: z.object({ system: z.string(), stream: z.string(), key: z.string() }).optional(),
    data: z.unknown().meta({ description: 'The entity as the store holds it.' }),
  })
  .meta({ id: 'TimelineEntry' });

/** A page of a customer's timeline, newest first. */
export const TimelinePageSchema = pageOf(TimelineEntrySchema, 'TimelinePage');
export type TimelinePage = z.infer<typeof TimelinePageSchema>;
