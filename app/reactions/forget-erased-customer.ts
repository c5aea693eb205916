import * as z from 'zod';
import type { ReactionLedger } from '../../core/ports/reaction-ledger.ts';
import { CustomerErased } from '../../schemas/events/customer-events.ts';

/** A `CustomerErased` event as its rule hands it to the ledger (the EventBridge envelope). */
export const CustomerErasedInputSchema = z.looseObject({
  'detail-type': z.literal(CustomerErased.detailType),
  detail: CustomerErased.detail,
});

/** True for what an erasure event looks like (the ledger function also receives reactions and receipts). */
export const isCustomerErasure = (input: unknown): boolean =>
  typeof input === 'object' &&
  input !== null &&
  (input as Record<string, unknown>)['detail-type'] === CustomerErased.detailType;

/** Takes an erased customer, and the customers merged into it, out of the reaction ledger; answers how many entries changed. */
export const forgetErasedCustomer = async (
  input: unknown,
  ledger: ReactionLedger,
): Promise<{ customerIds: string[]; entriesChanged: number }> => {
  const { detail } = CustomerErasedInputSchema.parse(input);
  const customerIds = [detail.customerId, ...(detail.mergedCustomerIds ?? [])];
  return { customerIds, entriesChanged: await ledger.forget(customerIds) };
};
