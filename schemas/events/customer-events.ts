import * as z from 'zod';
import { CustomerDataSchema } from '../entities/customer.ts';
import { SourceRefSchema } from '../entities/source.ts';
import { defineEvent } from './event-envelope.ts';

export const CustomerCreated = defineEvent({
  source: 'hub360.customer',
  detailType: 'CustomerCreated',
  schemaVersion: 1,
  description: 'A record with identifiers the hub did not know yet created a new customer.',
  payload: { customerId: z.string(), seedRecord: z.string() },
});
export type CustomerCreatedDetail = z.infer<typeof CustomerCreated.detail>;

export const CustomerUpdated = defineEvent({
  source: 'hub360.customer',
  detailType: 'CustomerUpdated',
  schemaVersion: 1,
  description:
    "A customer source record (ERP business partner, ...) was created or changed; carries the source's attributes.",
  payload: {
    customerId: z.string(),
    source: SourceRefSchema,
    /** Attribute names whose value differs from the previous version of this source record. */
    changedAttributes: z.array(z.string()),
    data: CustomerDataSchema,
  },
});
export type CustomerUpdatedDetail = z.infer<typeof CustomerUpdated.detail>;

export const CustomerErased = defineEvent({
  source: 'hub360.customer',
  detailType: 'CustomerErased',
  schemaVersion: 1,
  description:
    'A customer was erased on request; downstream systems should erase their copies. Carries no personal data.',
  payload: {
    customerId: z.string(),
    erasedAt: z.iso.datetime({ offset: true }),
    requestedBy: z.string(),
    identifiersSuppressed: z.number().int().nonnegative(),
    /** Customers merged into this one earlier, erased with it: systems may still know them by these ids. */
    mergedCustomerIds: z.array(z.string()).optional(),
  },
});
export type CustomerErasedDetail = z.infer<typeof CustomerErased.detail>;
