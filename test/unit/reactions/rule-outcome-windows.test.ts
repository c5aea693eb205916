import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../../core/reactions/reaction-record.ts';
import {
  type MovementFacts,
  outcomeOf,
  successMeans,
  summariseRuleOutcomes,
} from '../../../core/reactions/rule-outcomes.ts';
import type { ReactionRecord } from '../../../schemas/api/reactions.ts';

const entry = (
  kind: string,
  at: string,
  extra: Partial<LedgerEntry['record']> = {},
  subject = {},
): LedgerEntry => ({
  record: {
    reactionId: `${kind}-${at}`,
    rule: kind,
    system: 'sales',
    kind,
    at,
    eventId: 'e',
    detailType: 'X',
    summary: 's',
    delivery: { status: 'delivered' },
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
const order = (orderNumber: string, orderedAt: string, parts: string[] = []) => ({
  orderNumber,
  orderedAt,
  parts,
});
const SENT = '2026-03-01T00:00:00Z';
const LATER = new Date('2026-06-01T00:00:00Z');

describe('the window a reaction is judged in', () => {
  it('includes its last moment and excludes anything after', () => {
    const task = entry('retentionTask', SENT);

    expect(
      outcomeOf(task, facts({ orders: [order('SO-1', '2026-03-31T00:00:00Z')] }), LATER, 30),
    ).toMatchObject({
      result: 'converted',
    });
    expect(outcomeOf(task, facts({ orders: [order('SO-1', '2026-03-31T00:00:01Z')] }), LATER, 30)).toEqual({
      result: 'noResponse',
    });
  });

  it('includes the moment the reaction was sent', () => {
    const task = entry('coverageNotice', SENT);

    expect(outcomeOf(task, facts({ orders: [order('SO-1', SENT)] }), LATER, 30)).toEqual({
      result: 'converted',
      evidence: 'order SO-1',
      at: '2026-03-01T00:00:00.000Z',
    });
  });

  it('takes the earliest qualifying order as the evidence', () => {
    const task = entry('lateShipmentNotice', SENT);
    const orders = [order('SO-2', '2026-03-20T00:00:00Z'), order('SO-1', '2026-03-10T00:00:00Z')];

    expect(outcomeOf(task, facts({ orders }), LATER, 30)).toMatchObject({ evidence: 'order SO-1' });
  });

  it('does not count an order placed after now, even inside the window, and stays pending until it closes', () => {
    const task = entry('retentionTask', SENT);
    const now = new Date('2026-03-10T00:00:00Z');

    expect(outcomeOf(task, facts({ orders: [order('SO-1', '2026-03-20T00:00:00Z')] }), now, 30)).toEqual({
      result: 'pending',
    });
    expect(outcomeOf(task, facts(), new Date('2026-03-31T00:00:00Z'), 30)).toEqual({ result: 'pending' });
    expect(outcomeOf(task, facts(), new Date('2026-03-31T00:00:01Z'), 30)).toEqual({ result: 'noResponse' });
  });

  it('counts a payment on the last day of the window as in it (dates run to the end of their day)', () => {
    const task = entry('paymentFollowUp', SENT, {}, { invoiceRecordKey: 'erp#inv#1' });
    const paid = (on: string) => facts({ paidInvoices: new Map([['erp#inv#1', on]]) });

    expect(outcomeOf(task, paid('2026-03-30'), LATER, 30)).toEqual({
      result: 'converted',
      evidence: 'paid on 2026-03-30',
      at: '2026-03-30T00:00:00.000Z',
    });
    expect(outcomeOf(task, paid('2026-03-31'), LATER, 30)?.result).toBe('noResponse');
    expect(outcomeOf(task, paid('2026-02-28'), LATER, 30)?.result).toBe('noResponse');
  });

  it('does not convert a payment follow-up whose invoice is unknown or paid elsewhere', () => {
    const paid = facts({ paidInvoices: new Map([['erp#inv#2', '2026-03-05']]) });

    expect(outcomeOf(entry('paymentFollowUp', SENT), paid, LATER, 30)?.result).toBe('noResponse');
    expect(
      outcomeOf(entry('paymentFollowUp', SENT, {}, { invoiceRecordKey: 'erp#inv#1' }), paid, LATER, 30)
        ?.result,
    ).toBe('noResponse');
  });

  it('converts a demand signal on the first stock arrival in the window', () => {
    const signal = entry('demandSignal', SENT);
    const stockArrivals = [
      { at: '2026-03-20T00:00:00Z', quantity: 5 },
      { at: '2026-03-12T00:00:00Z', quantity: 8 },
      { at: '2026-02-20T00:00:00Z', quantity: 1 },
    ];

    expect(outcomeOf(signal, facts({ stockArrivals }), LATER, 30)).toEqual({
      result: 'converted',
      evidence: '8 arrived',
      at: '2026-03-12T00:00:00.000Z',
    });
    expect(outcomeOf(signal, facts(), LATER, 30)).toEqual({ result: 'noResponse' });
  });

  it('does not convert a cross-sell lead without a part on any order', () => {
    const lead = entry('crossSellLead', SENT);

    expect(
      outcomeOf(lead, facts({ orders: [order('SO-1', '2026-03-05T00:00:00Z', ['P-1'])] }), LATER, 30),
    ).toEqual({
      result: 'noResponse',
    });
  });

  it('gives no outcome to reactions whose success is not measured', () => {
    expect(outcomeOf(entry('changeRequest', SENT), facts(), LATER, 30)).toBeUndefined();
    expect(successMeans('changeRequest')).toBe('not measured');
  });

  it('says in words what counts as success for each measured kind', () => {
    expect(
      [
        'retentionTask',
        'crossSellLead',
        'lateShipmentNotice',
        'coverageNotice',
        'paymentFollowUp',
        'demandSignal',
      ].map(successMeans),
    ).toEqual([
      'an order from the customer within the window',
      'an order of the offered part within the window',
      'another order from the customer within the window',
      'an order from the customer (renewal, successor) within the window',
      'the invoice paid within the window',
      'stock of the part arriving within the window',
    ]);
  });
});

describe('summariseRuleOutcomes', () => {
  const record = (rule: string, kind: string, outcome?: ReactionRecord['outcome']): ReactionRecord => ({
    ...entry(kind, SENT, { rule }).record,
    ...(outcome ? { outcome } : {}),
  });

  it('lists rules by name, each with its system, its measure and the window', () => {
    const rules = summariseRuleOutcomes(
      [record('b-rule', 'demandSignal'), record('a-rule', 'crossSellLead'), record('b-rule', 'demandSignal')],
      14,
    );

    expect(rules).toEqual([
      {
        rule: 'a-rule',
        system: 'sales',
        successMeans: 'an order of the offered part within the window',
        windowDays: 14,
        reactions: 1,
        delivered: 1,
        failed: 0,
        sending: 0,
        converted: 0,
        noResponse: 0,
        pending: 1,
      },
      expect.objectContaining({ rule: 'b-rule', reactions: 2, delivered: 2, pending: 2 }),
    ]);
  });

  it('gives a conversion rate only once some delivered reaction was decided', () => {
    const [pendingOnly] = summariseRuleOutcomes([record('r', 'retentionTask', { result: 'pending' })], 30);
    const [noResponse] = summariseRuleOutcomes([record('r', 'retentionTask', { result: 'noResponse' })], 30);

    expect(pendingOnly).not.toHaveProperty('conversionRate');
    expect(noResponse).toMatchObject({ noResponse: 1, conversionRate: 0 });
  });

  it('returns nothing for no reactions', () => {
    expect(summariseRuleOutcomes([], 30)).toEqual([]);
  });
});
