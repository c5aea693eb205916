import { describe, expect, it } from 'vitest';
import { latestStatus } from '../../../core/reactions/customer-facts.ts';
import { evaluateProductIssues, type PartIssue } from '../../../core/reactions/product-issues.ts';
import { reactionEntryFor } from '../../../core/reactions/reaction-record.ts';
import { recentRevenue } from '../../../core/reactions/retention.ts';
import { ReactionsConfigSchema } from '../../../schemas/config/reactions-config.ts';
import { Customer360ViewSchema } from '../../../schemas/entities/customer-360.ts';

describe('latestStatus at equal times', () => {
  it('keeps the change listed first (the store’s key order) when two share the same instant', () => {
    const change = (value: string) => ({
      pk: 'CUST#C1',
      sk: `STATUS#lifecycleStage#${value}`,
      kind: 'status',
      change: { dimension: 'lifecycleStage', value, changedAt: '2026-03-01T00:00:00Z' },
    });

    expect(latestStatus([change('dormant'), change('doubtful')], 'lifecycleStage')).toBe('dormant');
    expect(latestStatus([change('doubtful'), change('dormant')], 'lifecycleStage')).toBe('doubtful');
  });
});

describe('product issues at the end of the window', () => {
  it('counts an issue recorded at exactly the evaluation time', () => {
    const now = new Date('2026-03-02T10:00:00Z');
    const issue = (id: string, occurredAt: string): PartIssue => ({
      customerId: 'C1',
      interaction: {
        interactionId: id,
        kind: 'serviceCase',
        channel: 'phone',
        occurredAt,
        category: 'complaint',
        partNumber: 'PUMP-1',
      },
    });

    const report = evaluateProductIssues({
      partNumber: 'PUMP-1',
      issues: [issue('a', '2026-03-01T00:00:00Z'), issue('b', now.toISOString())],
      now,
      config: ReactionsConfigSchema.parse({ complaintThreshold: 2, complaintWindowDays: 30 }),
    });

    expect(report?.reactionKey).toBe('product-issue:PUMP-1:b');
  });
});

describe('reaction summaries of malformed events', () => {
  it('shows a count sent as text as undefined instead of echoing it', () => {
    const entry = reactionEntryFor('payment-follow-up', 'call-center', {
      'detail-type': 'PaymentFollowUpDue',
      detail: {
        metadata: { eventId: 'evt-1', occurredAt: '2026-03-02T10:00:00Z' },
        reactionKey: 'payment-follow-up:erp#inv#1',
        invoice: { invoiceNumber: 'INV-1', currency: 'EUR' },
        openAmount: '120.5',
        daysOverdue: '12',
      },
    });

    expect(entry.record.summary).toBe('Follow up invoice INV-1: undefined EUR open, undefined days overdue');
  });
});

describe('recentRevenue and time zones', () => {
  it('dates an order by the calendar day its source wrote, also for a time with an offset', () => {
    // 23:30 at UTC-5 on 1 March 2025 is already 2 March in UTC: by the source's day it is 366 days back.
    const customer = Customer360ViewSchema.parse({
      customerId: 'cus_1',
      profile: {},
      identifiers: [],
      customerSources: [],
      orders: [
        {
          source: { system: 'erp', stream: 'orders', key: 'SO-1', version: '1' },
          data: {
            orderNumber: 'SO-1',
            orderedAt: '2025-03-01T23:30:00-05:00',
            status: 'delivered',
            currency: 'EUR',
            netAmount: 500,
            lines: [],
          },
        },
      ],
      invoices: [],
      installedProducts: [],
      shipments: [],
      interactions: [],
      webActivity: [],
      statusHistory: [],
      conflicts: [],
    });

    expect(recentRevenue(customer, new Date('2026-03-02T10:00:00Z'), 365)).toBe(0);
    expect(recentRevenue(customer, new Date('2026-03-02T10:00:00Z'), 366)).toBe(500);
  });
});
