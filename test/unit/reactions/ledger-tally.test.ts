import { describe, expect, it } from 'vitest';
import { hourOf, type LedgerEntryState, tallyChange } from '../../../core/reactions/ledger-tally.ts';
import type { LedgerEntry } from '../../../core/reactions/reaction-record.ts';
import { stampedOutcome, summariseTallies, windowStartHour } from '../../../core/reactions/tally-report.ts';
import { delivered, movement, record } from './ledger-fixtures.ts';

describe('tally change of a ledger entry', () => {
  it('counts a newly recorded reaction as sent and sending', () => {
    const change = tallyChange(undefined, { record: record() });

    expect(change?.counts).toEqual({
      reactions: 1,
      delivered: 0,
      failed: 0,
      sending: 1,
      converted: 0,
      unmeasured: 0,
    });
    expect(change?.openByHour).toEqual({});
  });

  it('moves a delivered reaction from sending to delivered and opens it under the hour it was sent', () => {
    const before: LedgerEntryState = { record: record() };

    const change = tallyChange(before, { ...before, delivery: delivered });

    expect(change?.counts).toMatchObject({ reactions: 0, sending: -1, delivered: 1, converted: 0 });
    expect(change?.openByHour).toEqual({ '2026-03-01T10': 1 });
  });

  it('closes the open hour when a delivered reaction is converted by its movement', () => {
    const before: LedgerEntryState = { record: record(), delivery: delivered };

    const change = tallyChange(before, { ...before, movement });

    expect(change?.counts).toMatchObject({ delivered: 0, converted: 1 });
    expect(change?.openByHour).toEqual({ '2026-03-01T10': -1 });
  });

  it('counts a movement seen before the delivery only once the reaction is delivered', () => {
    const sending: LedgerEntryState = { record: record() };
    const moved = tallyChange(sending, { ...sending, movement });

    const deliveredLater = tallyChange(
      { ...sending, movement },
      { ...sending, movement, delivery: delivered },
    );

    expect(moved).toBeUndefined();
    expect(deliveredLater?.counts).toMatchObject({ sending: -1, delivered: 1, converted: 1 });
    expect(deliveredLater?.openByHour).toEqual({});
  });

  it('counts nothing for a receipt that came before its entry, and all of it once the entry joins', () => {
    const receiptOnly: LedgerEntryState = { delivery: delivered };

    const first = tallyChange(undefined, receiptOnly);
    const joined = tallyChange(receiptOnly, { ...receiptOnly, record: record() });

    expect(first).toBeUndefined();
    expect(joined?.counts).toMatchObject({ reactions: 1, delivered: 1, sending: 0 });
  });

  it('counts a delivered change request as unmeasured, never as open', () => {
    const change = tallyChange(undefined, { record: record('changeRequest'), delivery: delivered });

    expect(change?.counts).toMatchObject({ reactions: 1, delivered: 1, unmeasured: 1 });
    expect(change?.openByHour).toEqual({});
  });

  it('turns a redriven failure into a delivery', () => {
    const failed: LedgerEntryState = { record: record(), delivery: { status: 'failed', attempts: 9 } };

    const change = tallyChange(failed, { ...failed, delivery: delivered });

    expect(change?.counts).toMatchObject({ failed: -1, delivered: 1 });
  });
});

describe('closed-loop report from tallies', () => {
  const now = new Date('2026-03-31T12:30:00Z');
  const counts = { reactions: 6, delivered: 5, failed: 1, sending: 0, converted: 2, unmeasured: 0 };

  it('splits the undecided delivered reactions into pending inside the window and no response before it', () => {
    const [rule] = summariseTallies(
      [
        {
          rule: 'retention',
          system: 'call-center',
          kind: 'retentionTask',
          counts,
          // One sent inside the window; two before it were never converted.
          openByHour: [
            { hour: '2026-02-20T08', count: 2 },
            { hour: '2026-03-20T08', count: 1 },
          ],
        },
      ],
      now,
      30,
    );

    expect(rule).toMatchObject({
      reactions: 6,
      delivered: 5,
      failed: 1,
      converted: 2,
      pending: 1,
      noResponse: 2,
      conversionRate: 0.5,
      successMeans: 'an order from the customer within the window',
    });
  });

  it('starts the window at the hour the reaction would be exactly windowDays old', () => {
    expect(windowStartHour(now, 30)).toBe('2026-03-01T12');
    expect(hourOf('2026-03-01T12:59:59.999Z')).toBe('2026-03-01T12');
  });

  it('leaves out rules whose reactions were all taken away and gives no rate while nothing is decided', () => {
    const rules = summariseTallies(
      [
        {
          rule: 'gone',
          system: 'sales',
          kind: 'crossSellLead',
          counts: { ...counts, reactions: 0 },
          openByHour: [],
        },
        {
          rule: 'young',
          system: 'sales',
          kind: 'crossSellLead',
          counts: { ...counts, delivered: 1, converted: 0 },
          openByHour: [{ hour: '2026-03-30T00', count: 1 }],
        },
      ],
      now,
      30,
    );

    expect(rules.map((r) => r.rule)).toEqual(['young']);
    expect(rules[0]?.conversionRate).toBeUndefined();
    expect(rules[0]?.pending).toBe(1);
  });
});

describe('outcome of a feed record from its stamped movement', () => {
  const entry = (over: Partial<LedgerEntry> = {}, at = '2026-03-01T10:15:00.000Z'): LedgerEntry => ({
    record: { ...record('retentionTask', at), delivery: delivered },
    subject: {},
    ...over,
  });
  const now = new Date('2026-03-20T00:00:00Z');

  it('is converted with the stamped evidence', () => {
    expect(stampedOutcome(entry({ movement }), now, 30)).toEqual({
      result: 'converted',
      evidence: 'order SO-1',
      at: '2026-03-05T09:00:00.000Z',
    });
  });

  it('is pending inside the window and no response after it', () => {
    expect(stampedOutcome(entry(), now, 30)).toEqual({ result: 'pending' });
    expect(stampedOutcome(entry(), now, 10)).toEqual({ result: 'noResponse' });
  });

  it('is absent for a reaction its system never got or whose success is not measured', () => {
    const failed = entry();
    const notDelivered: LedgerEntry = {
      ...failed,
      record: { ...failed.record, delivery: { status: 'failed' } },
    };
    const changeRequest: LedgerEntry = { ...failed, record: { ...failed.record, kind: 'changeRequest' } };

    expect(stampedOutcome(notDelivered, now, 30)).toBeUndefined();
    expect(stampedOutcome(changeRequest, now, 30)).toBeUndefined();
  });
});
