import type {
  ContactFact,
  CustomerFacts,
  InvoiceFact,
  OrderFact,
} from '../../schemas/entities/customer-facts.ts';
import { dayNumber, isoDay } from './calendar.ts';

/** Orders that count as purchases: not quotations, not cancelled. Oldest first. */
export const purchases = (facts: CustomerFacts): OrderFact[] =>
  facts.orders
    .filter((o) => o.status !== 'quote' && o.status !== 'cancelled')
    .sort(
      (a, b) =>
        Date.parse(a.orderedAt) - Date.parse(b.orderedAt) || a.orderNumber.localeCompare(b.orderNumber),
    );

/** Open quotations younger than `sinceDay` (day number), newest first. */
export const openQuotesSince = (facts: CustomerFacts, sinceDay: number): OrderFact[] =>
  facts.orders
    .filter((o) => o.status === 'quote' && dayNumber(o.orderedAt) >= sinceDay)
    .sort(
      (a, b) =>
        Date.parse(b.orderedAt) - Date.parse(a.orderedAt) || a.orderNumber.localeCompare(b.orderNumber),
    );

/**
 * The customer's usual number of days between orders: the median gap between consecutive order days
 * (the mean of the two middle gaps, rounded, for an even count). Several orders on one day count as
 * one purchase. `undefined` with fewer than two order days.
 */
export const usualIntervalDays = (orders: readonly OrderFact[]): number | undefined => {
  const days = [...new Set(orders.map((o) => dayNumber(o.orderedAt)))].sort((a, b) => a - b);
  if (days.length < 2) return undefined;
  const gaps = days
    .slice(1)
    .map((d, i) => d - (days[i] as number))
    .sort((a, b) => a - b);
  const mid = Math.floor(gaps.length / 2);
  return gaps.length % 2 === 1
    ? (gaps[mid] as number)
    : Math.round(((gaps[mid - 1] as number) + (gaps[mid] as number)) / 2);
};

/** Net revenue of purchases ordered on or after `fromDay` and on or before `toDay` (day numbers). */
export const revenueBetween = (orders: readonly OrderFact[], fromDay: number, toDay: number): number =>
  orders
    .filter((o) => {
      const d = dayNumber(o.orderedAt);
      return d >= fromDay && d <= toDay;
    })
    .reduce((sum, o) => sum + o.netAmount, 0);

/** An invoice still owed after its due date, with how many days it is late. */
export interface OverdueInvoice {
  readonly invoice: InvoiceFact;
  readonly daysOverdue: number;
}

/**
 * Invoices overdue on `now`'s day: something is still open and the due date has passed. The source's
 * own `overdue` status is not needed (ERPs often mark it late, or never), and an invoice the source
 * calls overdue but with nothing open is not overdue. Oldest due date first.
 */
export const overdueInvoices = (facts: CustomerFacts, now: string): OverdueInvoice[] => {
  const today = dayNumber(isoDay(now));
  return facts.invoices
    .filter((i) => i.status !== 'cancelled' && i.openAmount > 0 && dayNumber(i.dueDate) < today)
    .map((invoice) => ({ invoice, daysOverdue: today - dayNumber(invoice.dueDate) }))
    .sort(
      (a, b) =>
        b.daysOverdue - a.daysOverdue || a.invoice.invoiceNumber.localeCompare(b.invoice.invoiceNumber),
    );
};

/** Complaints and returns that occurred from `fromDay` up to `toDay` inclusive, oldest first. */
export const issuesBetween = (facts: CustomerFacts, fromDay: number, toDay: number): ContactFact[] =>
  facts.contacts
    .filter((c) => {
      if (c.category !== 'complaint' && c.category !== 'return') return false;
      const d = dayNumber(c.occurredAt);
      return d >= fromDay && d <= toDay;
    })
    .sort(
      (a, b) =>
        Date.parse(a.occurredAt) - Date.parse(b.occurredAt) || a.interactionId.localeCompare(b.interactionId),
    );

/** Rounds money to cents, so sums of floats print and compare as people expect. */
export const cents = (amount: number): number => Math.round(amount * 100) / 100;
