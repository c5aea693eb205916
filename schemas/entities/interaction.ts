import * as z from 'zod';
import { IsoDateTimeSchema, PartNumberSchema } from './source.ts';

/** A call-center contact or a service case: who, when, about what, with which outcome. */
export const InteractionDataSchema = z.strictObject({
  interactionId: z.string().min(1),
  kind: z.enum(['contact', 'serviceCase']),
  channel: z.enum(['phone', 'email', 'chat', 'visit', 'web', 'letter', 'other']),
  direction: z.enum(['inbound', 'outbound']).optional(),
  occurredAt: IsoDateTimeSchema,
  closedAt: IsoDateTimeSchema.optional(),
  /** The person in the company who talked to the customer. */
  agent: z.string().optional(),
  contactPerson: z.string().optional(),
  subject: z.string().optional(),
  category: z.enum(['question', 'complaint', 'return', 'repair', 'order', 'sales', 'other']).optional(),
  outcome: z.string().optional(),
  status: z.enum(['open', 'inProgress', 'resolved', 'closed']).optional(),
  partNumber: PartNumberSchema.optional(),
  serialNumber: z.string().optional(),
});
export type InteractionData = z.infer<typeof InteractionDataSchema>;
