import type { LedgerEntryState } from './ledger-tally.ts';

/** What an entry about an erased customer says instead of its summary. */
export const ERASED_CUSTOMER_SUMMARY = 'About a customer who has since been erased';

/** True when the entry is a reaction about one of these customers (a receipt alone is about nobody yet). */
export const isAboutCustomer = (
  state: LedgerEntryState | undefined,
  customerIds: ReadonlySet<string>,
): state is LedgerEntryState =>
  state?.record?.customerId !== undefined && customerIds.has(state.record.customerId);

/**
 * An entry about an erased customer, as the ledger keeps it: which rule sent what kind of reaction to which system
 * and when, how the delivery ended and whether the movement came, so the per-rule figures stay as they were; what
 * identified the customer goes: the id, the summary (invoice and shipment numbers, amounts), the outcome's subject
 * (the invoice's source key) and the movement's evidence (an order number).
 */
export const forgetCustomerOf = (state: LedgerEntryState): LedgerEntryState => {
  if (!state.record) return state;
  const { customerId: _erased, ...record } = state.record;
  return {
    ...state,
    record: { ...record, summary: ERASED_CUSTOMER_SUMMARY },
    subject: {},
    ...(state.movement ? { movement: { at: state.movement.at, evidence: 'erased' } } : {}),
  };
};
