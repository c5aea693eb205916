import * as z from 'zod';
import { ShipmentDataSchema } from '../entities/shipment.ts';
import { IsoDateTimeSchema } from '../entities/source.ts';
import { defineEvent } from './event-envelope.ts';

const reactionKey = z.string().min(1).max(256);

export const LateShipmentNoticeDue = defineEvent({
  source: 'hub360.reactions',
  detailType: 'LateShipmentNoticeDue',
  schemaVersion: 1,
  description:
    "A key customer's shipment is late against its promised date and still on its way; the service team is notified once per shipment.",
  payload: {
    reactionKey,
    customerId: z.string(),
    delayDays: z.number().int().positive(),
    shipment: ShipmentDataSchema,
  },
});
export type LateShipmentNoticeDueDetail = z.infer<typeof LateShipmentNoticeDue.detail>;

/** What the call-center agent needs before dialling: the customer's 360 in a few lines. */
export const RetentionSummarySchema = z.strictObject({
  name: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  lifecycleStage: z.string().optional(),
  keyCustomer: z.boolean(),
  revenue: z.number().optional(),
  productsOwned: z
    .array(
      z.strictObject({
        partNumber: z.string(),
        serialNumber: z.string().optional(),
        purchasedOn: z.string(),
      }),
    )
    .max(20),
  openIssues: z
    .array(
      z.strictObject({ interactionId: z.string(), subject: z.string().optional(), occurredAt: z.string() }),
    )
    .max(20),
  overdueInvoices: z.number().int().nonnegative(),
  lastContact: z
    .strictObject({ at: z.string(), channel: z.string(), agent: z.string().optional() })
    .optional(),
});
export type RetentionSummary = z.infer<typeof RetentionSummarySchema>;

export const RetentionTaskDue = defineEvent({
  source: 'hub360.reactions',
  detailType: 'RetentionTaskDue',
  schemaVersion: 1,
  description:
    'A key or high-value customer is at risk (churn risk, or a move into doubtful or dormant); the call center gets an outbound task with the 360 summary.',
  payload: {
    reactionKey,
    customerId: z.string(),
    reason: z.enum(['churnRisk', 'doubtful', 'dormant']),
    /** The insight event that triggered the task. */
    triggeredBy: z.strictObject({ detailType: z.string(), eventId: z.string(), at: IsoDateTimeSchema }),
    summary: RetentionSummarySchema,
  },
});
export type RetentionTaskDueDetail = z.infer<typeof RetentionTaskDue.detail>;
