import * as z from 'zod';
import { InvoiceDataSchema } from '../entities/invoice.ts';
import { IsoDateSchema, IsoDateTimeSchema, PartNumberSchema } from '../entities/source.ts';
import { defineEvent } from './event-envelope.ts';

/** A key that makes one reaction happen at most once for what it is about (customer and part, invoice...). */
const reactionKey = z.string().min(1).max(256);

export const PaymentFollowUpDue = defineEvent({
  source: 'hub360.reactions',
  detailType: 'PaymentFollowUpDue',
  schemaVersion: 1,
  description:
    'An invoice is past its due date with an amount still open (derived from the due date); the call center should follow up, once per invoice.',
  payload: {
    reactionKey,
    customerId: z.string(),
    invoice: InvoiceDataSchema,
    openAmount: z.number().positive(),
    daysOverdue: z.number().int().positive(),
  },
});
export type PaymentFollowUpDueDetail = z.infer<typeof PaymentFollowUpDue.detail>;

export const CrossSellOpportunityFound = defineEvent({
  source: 'hub360.reactions',
  detailType: 'CrossSellOpportunityFound',
  schemaVersion: 1,
  description:
    'A customer bought a part whose PDM successor or accessory they do not own yet; sales gets a lead, once per customer and part.',
  payload: {
    reactionKey,
    customerId: z.string(),
    purchasedPartNumber: PartNumberSchema,
    offeredPartNumber: PartNumberSchema,
    relation: z.enum(['successor', 'accessory']),
    /** The order that showed the purchase. */
    orderNumber: z.string().optional(),
  },
});
export type CrossSellOpportunityFoundDetail = z.infer<typeof CrossSellOpportunityFound.detail>;

export const ProductIssueThresholdReached = defineEvent({
  source: 'hub360.reactions',
  detailType: 'ProductIssueThresholdReached',
  schemaVersion: 1,
  description:
    'Complaints and returns about one part reached the configured threshold within the window; PDM gets one change request with the evidence.',
  payload: {
    reactionKey,
    partNumber: PartNumberSchema,
    complaints: z.number().int().nonnegative(),
    returns: z.number().int().nonnegative(),
    threshold: z.number().int().positive(),
    window: z.strictObject({ from: IsoDateTimeSchema, to: IsoDateTimeSchema }),
    evidence: z
      .array(
        z.strictObject({
          interactionId: z.string(),
          customerId: z.string(),
          category: z.enum(['complaint', 'return']),
          occurredAt: IsoDateTimeSchema,
          subject: z.string().optional(),
          serialNumber: z.string().optional(),
        }),
      )
      .max(100),
  },
});
export type ProductIssueThresholdReachedDetail = z.infer<typeof ProductIssueThresholdReached.detail>;

export const WarrantyExpiring = defineEvent({
  source: 'hub360.reactions',
  detailType: 'WarrantyExpiring',
  schemaVersion: 1,
  description:
    "A customer's warranty or service contract for a part ends within the configured number of days; the service team is notified once per coverage and end date.",
  payload: {
    reactionKey,
    customerId: z.string(),
    partNumber: PartNumberSchema,
    serialNumber: z.string().optional(),
    coverage: z.enum(['warranty', 'contract']),
    contractNumber: z.string().optional(),
    endsOn: IsoDateSchema,
    daysLeft: z.number().int().nonnegative(),
  },
});
export type WarrantyExpiringDetail = z.infer<typeof WarrantyExpiring.detail>;
