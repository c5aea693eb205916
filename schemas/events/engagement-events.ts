import * as z from 'zod';
import { InteractionDataSchema } from '../entities/interaction.ts';
import { SourceRefSchema } from '../entities/source.ts';
import { WebInterestSchema } from '../entities/web-activity.ts';
import { defineEvent } from './event-envelope.ts';

export const WebInterestObserved = defineEvent({
  source: 'hub360.web',
  detailType: 'WebInterestObserved',
  schemaVersion: 1,
  description: 'A visitor showed interest in a product on the web (view, cart, search).',
  payload: {
    customerId: z.string(),
    /** True while the visitor is only known by an anonymous id. */
    anonymous: z.boolean(),
    source: SourceRefSchema,
    interest: WebInterestSchema,
    observedAt: z.iso.datetime({ offset: true }),
  },
});
export type WebInterestObservedDetail = z.infer<typeof WebInterestObserved.detail>;

export const InteractionRecorded = defineEvent({
  source: 'hub360.service',
  detailType: 'InteractionRecorded',
  schemaVersion: 1,
  description:
    'A call-center contact or service case was recorded or changed (complaints, returns, outcomes).',
  payload: { customerId: z.string(), source: SourceRefSchema, interaction: InteractionDataSchema },
});
export type InteractionRecordedDetail = z.infer<typeof InteractionRecorded.detail>;
