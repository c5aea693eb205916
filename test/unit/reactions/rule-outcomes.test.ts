import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../../core/reactions/reaction-record.ts';
import {
  type MovementFacts,
  outcomeOf,
  summariseRuleOutcomes,
} from '../../../core/reactions/rule-outcomes.ts';

const entry = (
  rule: string,
  kind: string,
  at: string,
  extra: Partial<LedgerEntry['record']> = {},
  subject = {},
): LedgerEntry => ({
  record: {
    reactionId: `${rule}-${at}`,
    rule,
    system: 'call-center',
    kind,
    at,
    eventId: 'e',
    detailType: 'X',
    customerId: 'C-1',
    summary: 's',
    delivery: { status: 'delivered', at, attempts: 1 },
    ...extra,
  },
  subject,
});
const facts = (over: Partial<MovementFacts> = {}): MovementFacts => ({
  orders: [],
  paidInvoices: new Map(),
  stockArrivals: [],
  ...over,
});
const now = new Date('2026-03-31T12:00:00Z');

describe('outcome of a reaction', () => {
  it('counts an order inside the window after a retention task as converted', () => {
    const outcome = outcomeOf(
      entry('r', 'retentionTask', '2026-03-01T00:00:00Z'),
      facts({ orders: [{ orderNumber: 'SO-1', orderedAt: '2026-03-10T09:00:00Z', parts: ['P-1'] }] }),
      now,
      30,
    );
    expect(outcome).toEqual({ result: 'converted', evidence: 'order SO-1', at: '2026-03-10T09:00:00.000Z' });
  });

  it('ignores an order placed before the task and reports no response once the window closed', () => {
    const outcome = outcomeOf(
      entry('r', 'retentionTask', '2026-02-01T00:00:00Z'),
      facts({ orders: [{ orderNumber: 'SO-0', orderedAt: '2026-01-20T00:00:00Z', parts: [] }] }),
      now,
      30,
    );
    expect(outcome).toEqual({ result: 'noResponse' });
  });

  it('keeps a lead pending while the window is open and converts it only on an order of the offered part', () => {
    const lead = entry('l', 'crossSellLead', '2026-03-20T00:00:00Z', { partNumber: 'P-2' });
    const otherPart = facts({
      orders: [{ orderNumber: 'SO-2', orderedAt: '2026-03-25T00:00:00Z', parts: ['P-9'] }],
    });
    const offeredPart = facts({
      orders: [{ orderNumber: 'SO-3', orderedAt: '2026-03-26T00:00:00Z', parts: ['P-2'] }],
    });
    expect([
      outcomeOf(lead, otherPart, now, 30)?.result,
      outcomeOf(lead, offeredPart, now, 30)?.result,
    ]).toEqual(['pending', 'converted']);
  });

  it('converts a payment follow-up when its invoice was paid in the window', () => {
    const task = entry('p', 'paymentFollowUp', '2026-03-01T00:00:00Z', {}, { invoiceRecordKey: 'erp#inv#1' });
    expect(
      outcomeOf(task, facts({ paidInvoices: new Map([['erp#inv#1', '2026-03-05']]) }), now, 30)?.result,
    ).toBe('converted');
  });
});

describe('outcomes per rule', () => {
  it('measures only delivered reactions: a failed or still-sending one counts as sent, not as an outcome', () => {
    const order = facts({ orders: [{ orderNumber: 'SO-1', orderedAt: '2026-03-10T09:00:00Z', parts: [] }] });
    const delivered = entry('retention', 'retentionTask', '2026-03-01T00:00:00Z');
    const failed = entry('retention', 'retentionTask', '2026-03-02T00:00:00Z', {
      delivery: { status: 'failed', attempts: 9, reason: 'HTTP 503' },
    });
    const sending = entry('retention', 'retentionTask', '2026-03-03T00:00:00Z', {
      delivery: { status: 'sending' },
    });
    const records = [delivered, failed, sending].map((e) => {
      const outcome = outcomeOf(e, order, now, 30);
      return outcome ? { ...e.record, outcome } : e.record;
    });

    const [rule] = summariseRuleOutcomes(records, 30);

    expect(records.map((r) => r.outcome?.result)).toEqual(['converted', undefined, undefined]);
    expect(rule).toMatchObject({
      reactions: 3,
      delivered: 1,
      failed: 1,
      sending: 1,
      converted: 1,
      noResponse: 0,
      pending: 0,
      conversionRate: 1,
    });
  });

  it('adds up a known sequence: 2 converted, 1 no response, 1 pending per rule', () => {
    const records = [
      {
        ...entry('retention', 'retentionTask', '2026-01-01T00:00:00Z').record,
        outcome: { result: 'converted' as const },
      },
      {
        ...entry('retention', 'retentionTask', '2026-01-02T00:00:00Z').record,
        outcome: { result: 'converted' as const },
      },
      {
        ...entry('retention', 'retentionTask', '2026-01-03T00:00:00Z').record,
        outcome: { result: 'noResponse' as const },
      },
      {
        ...entry('retention', 'retentionTask', '2026-03-30T00:00:00Z').record,
        outcome: { result: 'pending' as const },
      },
    ];
    const [rule] = summariseRuleOutcomes(records, 30);
    expect(rule).toMatchObject({
      rule: 'retention',
      reactions: 4,
      converted: 2,
      noResponse: 1,
      pending: 1,
      conversionRate: 2 / 3,
    });
  });
});
