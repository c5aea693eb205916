import { DEFAULT_REACTIONS_CONFIG, type ReactionsConfig } from '../../schemas/config/reactions-config.ts';
import type { InvoiceData } from '../../schemas/entities/invoice.ts';
import type { PaymentFollowUpDueDetail } from '../../schemas/events/reaction-events.ts';
import { daysBetween, isoDay } from '../calendar/calendar-day.ts';

export type PaymentFollowUp = Omit<PaymentFollowUpDueDetail, 'schemaVersion' | 'metadata'>;

/** The reaction key of an invoice's follow-up: one call-center task per invoice, ever. */
export const paymentFollowUpKey = (invoiceSourceKey: string): string =>
  `payment-follow-up:${invoiceSourceKey}`;

/** What is still unpaid: the ERP's open amount, or the whole amount of an unpaid invoice. */
export const openAmountOf = (invoice: InvoiceData): number => {
  if (invoice.status === 'paid' || invoice.status === 'cancelled') return 0;
  return invoice.openAmount ?? invoice.amount;
};

/**
 * A payment follow-up when an invoice is past its due date (plus grace days) with an amount still
 * open, derived from the due date rather than a source flag; undefined when none is due or this
 * invoice was followed up already.
 */
export const decidePaymentFollowUp = (input: {
  readonly customerId: string;
  /** The invoice's source record key (system, stream, key): invoice numbers repeat across ERPs. */
  readonly invoiceSourceKey: string;
  readonly invoice: InvoiceData;
  readonly now: Date;
  readonly alreadyFollowedUp: (reactionKey: string) => boolean;
  readonly config?: ReactionsConfig;
}): PaymentFollowUp | undefined => {
  const config = input.config ?? DEFAULT_REACTIONS_CONFIG;
  const openAmount = openAmountOf(input.invoice);
  if (openAmount <= 0) return undefined;
  const daysOverdue = daysBetween(input.invoice.dueDate, isoDay(input.now));
  if (daysOverdue <= config.paymentGraceDays) return undefined;
  const reactionKey = paymentFollowUpKey(input.invoiceSourceKey);
  if (input.alreadyFollowedUp(reactionKey)) return undefined;
  return { reactionKey, customerId: input.customerId, invoice: input.invoice, openAmount, daysOverdue };
};
