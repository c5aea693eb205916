import { describe, expect, it } from 'vitest';
import {
  compareInstants,
  dayNumber,
  daysBetween,
  isoDay,
  laterOf,
  monthsBefore,
} from '../../../core/insights/calendar.ts';
import { emptyCustomerFacts } from '../../../core/insights/customer-facts.ts';
import {
  cents,
  issuesBetween,
  openQuotesSince,
  overdueInvoices,
  purchases,
  revenueBetween,
  usualIntervalDays,
} from '../../../core/insights/fact-queries.ts';
import type {
  ContactFact,
  CustomerFacts,
  InvoiceFact,
  OrderFact,
} from '../../../schemas/entities/customer-facts.ts';

const order = (orderNumber: string, orderedAt: string, over: Partial<OrderFact> = {}): OrderFact => ({
  recordKey: `sap/orders/${orderNumber}`,
  version: '1',
  orderNumber,
  orderedAt,
  status: 'confirmed',
  currency: 'EUR',
  netAmount: 100,
  ...over,
});
const invoice = (invoiceNumber: string, dueDate: string, over: Partial<InvoiceFact> = {}): InvoiceFact => ({
  recordKey: `sap/invoices/${invoiceNumber}`,
  version: '1',
  invoiceNumber,
  issuedOn: '2026-01-01',
  dueDate,
  amount: 100,
  openAmount: 100,
  currency: 'EUR',
  status: 'open',
  ...over,
});
const contact = (
  interactionId: string,
  occurredAt: string,
  category: ContactFact['category'],
): ContactFact => ({
  recordKey: `crm/${interactionId}`,
  version: '1',
  interactionId,
  occurredAt,
  category,
});
const facts = (over: Partial<CustomerFacts>): CustomerFacts => ({ ...emptyCustomerFacts('C1'), ...over });

describe('insights calendar', () => {
  it('counts a date-time on the UTC day it falls on and rejects text that is no date, quoting it', () => {
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('1970-01-02T23:59:59Z')).toBe(1);
    expect(dayNumber('1970-01-02T23:00:00-02:00')).toBe(2);
    expect(() => dayNumber('2026/03/01')).toThrow(
      new RangeError('not an ISO date or date-time: "2026/03/01"'),
    );
  });

  it('gives whole days between two instants and the UTC date of an instant', () => {
    expect(daysBetween('2026-03-01', '2026-03-04T01:00:00Z')).toBe(3);
    expect(daysBetween('2026-03-04', '2026-03-01')).toBe(-3);
    expect(isoDay('2026-03-01T23:30:00-02:00')).toBe('2026-03-02');
  });

  it('goes back whole calendar months, clamping the day to the shorter month', () => {
    expect(monthsBefore('2026-03-31T12:00:00Z', 1)).toBe(dayNumber('2026-02-28'));
    expect(monthsBefore('2024-03-31', 1)).toBe(dayNumber('2024-02-29'));
    expect(monthsBefore('2026-03-15', 12)).toBe(dayNumber('2025-03-15'));
    expect(monthsBefore('2026-01-31', 2)).toBe(dayNumber('2025-11-30'));
    expect(monthsBefore('2026-03-15', 0)).toBe(dayNumber('2026-03-15'));
  });

  it('compares instants by time, not by how they are written', () => {
    // 10:00 at +02:00 is 08:00 UTC, earlier than 09:00 UTC although it sorts later as text.
    expect(laterOf('2026-03-01T10:00:00+02:00', '2026-03-01T09:00:00Z')).toBe('2026-03-01T09:00:00Z');
    expect(laterOf('2026-03-01T09:00:00Z', '2026-03-01T10:00:00+02:00')).toBe('2026-03-01T09:00:00Z');
    expect(laterOf('2026-03-01T09:00:00Z', '2026-03-01T11:00:00+02:00')).toBe('2026-03-01T09:00:00Z');
    expect(compareInstants('2026-03-01T10:00:00+02:00', '2026-03-01T09:00:00Z')).toBeLessThan(0);
    expect(compareInstants('2026-03-01T09:00:00Z', '2026-03-01T09:00:00Z')).toBe(0);
  });
});

describe('fact queries', () => {
  it('takes orders that are not quotes or cancelled as purchases, oldest first, ties by number', () => {
    const result = purchases(
      facts({
        orders: [
          order('B', '2026-02-01T00:00:00Z'),
          order('A', '2026-02-01T00:00:00Z'),
          order('Q', '2026-01-01T00:00:00Z', { status: 'quote' }),
          order('X', '2026-01-01T00:00:00Z', { status: 'cancelled' }),
          order('C', '2026-01-15T00:00:00Z', { status: 'delivered' }),
        ],
      }),
    );

    expect(result.map((o) => o.orderNumber)).toEqual(['C', 'A', 'B']);
  });

  it('finds open quotations from a day on, newest first, ties by number', () => {
    const result = openQuotesSince(
      facts({
        orders: [
          order('Q1', '2026-02-01T00:00:00Z', { status: 'quote' }),
          order('Q3', '2026-02-10T00:00:00Z', { status: 'quote' }),
          order('Q2', '2026-02-10T00:00:00Z', { status: 'quote' }),
          order('Q0', '2026-01-31T23:59:59Z', { status: 'quote' }),
          order('O1', '2026-02-05T00:00:00Z'),
        ],
      }),
      dayNumber('2026-02-01'),
    );

    expect(result.map((o) => o.orderNumber)).toEqual(['Q2', 'Q3', 'Q1']);
  });

  it('takes the median gap between order days, the rounded mean of the middle two for an even count', () => {
    const on = (...days: string[]) => days.map((d, i) => order(`O${i}`, `${d}T10:00:00Z`));

    expect(usualIntervalDays(on('2026-01-01'))).toBeUndefined();
    expect(usualIntervalDays(on('2026-01-01', '2026-01-01'))).toBeUndefined();
    // Gaps 10, 30, 2 (sorted 2, 10, 30) → 10.
    expect(usualIntervalDays(on('2026-01-01', '2026-01-11', '2026-02-10', '2026-02-12'))).toBe(10);
    // Gaps 3, 10 → 6.5 → 7; a second order on the same day adds no gap.
    expect(usualIntervalDays(on('2026-01-14', '2026-01-01', '2026-01-04', '2026-01-04'))).toBe(7);
    // Gaps 1, 2, 4, 100 → (2 + 4) / 2 = 3.
    expect(usualIntervalDays(on('2026-01-01', '2026-01-02', '2026-01-04', '2026-01-08', '2026-04-18'))).toBe(
      3,
    );
  });

  it('adds revenue of orders from the first day to the last day inclusive', () => {
    const orders = [
      order('A', '2026-01-31T23:59:59Z', { netAmount: 1 }),
      order('B', '2026-02-01T00:00:00Z', { netAmount: 10 }),
      order('C', '2026-02-28T23:59:59Z', { netAmount: 100 }),
      order('D', '2026-03-01T00:00:00Z', { netAmount: 1000 }),
    ];

    expect(revenueBetween(orders, dayNumber('2026-02-01'), dayNumber('2026-02-28'))).toBe(110);
  });

  it('lists invoices still owed after their due date, most overdue first, ties by number', () => {
    const result = overdueInvoices(
      facts({
        invoices: [
          invoice('I1', '2026-02-20'),
          invoice('I3', '2026-02-10'),
          invoice('I2', '2026-02-10'),
          invoice('DUE-TODAY', '2026-03-01'),
          invoice('PAID', '2026-01-01', { openAmount: 0, status: 'overdue' }),
          invoice('CANCELLED', '2026-01-01', { status: 'cancelled' }),
        ],
      }),
      '2026-03-01T23:00:00Z',
    );

    expect(result.map((o) => [o.invoice.invoiceNumber, o.daysOverdue])).toEqual([
      ['I2', 19],
      ['I3', 19],
      ['I1', 9],
    ]);
  });

  it('finds complaints and returns between two days inclusive, oldest first, ties by id', () => {
    const result = issuesBetween(
      facts({
        contacts: [
          contact('c3', '2026-02-10T00:00:00Z', 'return'),
          contact('c2', '2026-02-10T00:00:00Z', 'complaint'),
          contact('c1', '2026-02-01T00:00:00Z', 'complaint'),
          contact('c4', '2026-02-28T23:59:59Z', 'complaint'),
          contact('early', '2026-01-31T23:59:59Z', 'complaint'),
          contact('late', '2026-03-01T00:00:00Z', 'complaint'),
          contact('sales', '2026-02-05T00:00:00Z', 'sales'),
        ],
      }),
      dayNumber('2026-02-01'),
      dayNumber('2026-02-28'),
    );

    expect(result.map((c) => c.interactionId)).toEqual(['c1', 'c2', 'c3', 'c4']);
  });

  it('rounds money to cents', () => {
    expect(cents(0.1 + 0.2)).toBe(0.3);
    expect(cents(10.005)).toBe(10.01);
    expect(cents(-2.344)).toBe(-2.34);
  });
});
