import { describe, expect, it } from 'vitest';
import { type LedgerEntryState, tallyChange } from '../../../core/reactions/ledger-tally.ts';
import type { LedgerEntry } from '../../../core/reactions/reaction-record.ts';
import { conversionWithin } from '../../../core/reactions/rule-outcomes.ts';
import { type RuleTally, stampedOutcome, summariseTallies } from '../../../core/reactions/tally-report.ts';
import { delivered, movement, record } from './ledger-fixtures.ts';

// Edges of the outcome tallies the first tests left open (issue 17's mutation review of the outcome part).

const noCounts = { reactions: 0, delivered: 0, failed: 0, sending: 0, converted: 0, unmeasured: 0 };

describe('tally change edges', () => {
  it('names the rule, system and kind of the entry with every counter, zero or not', () => {
    const change = tallyChange(undefined, { record: record(), delivery: { status: 'failed', attempts: 9 } });

    expect(change).toStrictEqual({
      rule: 'rule-retentionTask',
      system: 'call-center',
      kind: 'retentionTask',
      counts: { ...noCounts, reactions: 1, failed: 1 },
      openByHour: {},
    });
  });

  it('answers no change for a second delivery receipt of an entry already delivered and open', () => {
    const open: LedgerEntryState = { record: record(), delivery: delivered };

    const change = tallyChange(open, { ...open, delivery: { ...delivered, attempts: 2 } });

    expect(change).toBeUndefined();
  });

  it('answers no change for an entry written again exactly as it was', () => {
    const sending: LedgerEntryState = { record: record() };

    expect(tallyChange(sending, { ...sending })).toBeUndefined();
  });

  it('moves the open reaction between hours when only its send time changes', () => {
    const before: LedgerEntryState = { record: record(), delivery: delivered };
    const after: LedgerEntryState = {
      record: record('retentionTask', '2026-03-01T11:05:00.000Z'),
      delivery: delivered,
    };

    const change = tallyChange(before, after);

    expect(change?.counts).toStrictEqual(noCounts);
    expect(change?.openByHour).toStrictEqual({ '2026-03-01T10': -1, '2026-03-01T11': 1 });
  });

  it('does not convert a delivered change request on a movement: it stays unmeasured', () => {
    const change = tallyChange(undefined, { record: record('changeRequest'), delivery: delivered, movement });

    expect(change?.counts).toStrictEqual({ ...noCounts, reactions: 1, delivered: 1, unmeasured: 1 });
    expect(change?.openByHour).toStrictEqual({});
  });

  it('counts a change request still sending as sending, not as unmeasured', () => {
    const change = tallyChange(undefined, { record: record('changeRequest') });

    expect(change?.counts).toStrictEqual({ ...noCounts, reactions: 1, sending: 1 });
  });

  it('counts a failed reaction with a movement as failed only, neither converted nor open', () => {
    const change = tallyChange(undefined, {
      record: record(),
      delivery: { status: 'failed', attempts: 9 },
      movement,
    });

    expect(change?.counts).toStrictEqual({ ...noCounts, reactions: 1, failed: 1 });
    expect(change?.openByHour).toStrictEqual({});
  });

  it('takes back the delivered and converted counts of an entry whose delivery goes back to sending', () => {
    const counted: LedgerEntryState = { record: record(), delivery: delivered, movement };

    const change = tallyChange(counted, { record: record('retentionTask'), delivery: { status: 'sending' } });

    expect(change?.counts).toStrictEqual({ ...noCounts, delivered: -1, converted: -1, sending: 1 });
    expect(change?.openByHour).toStrictEqual({});
  });

  it('answers no change while the entry has no record, whatever was counted before', () => {
    expect(tallyChange({ record: record() }, { delivery: delivered })).toBeUndefined();
  });
});

describe('closed-loop report edges', () => {
  const now = new Date('2026-03-31T12:30:00Z');
  const tally = (rule: string, over: Partial<RuleTally> = {}): RuleTally => ({
    rule,
    system: 'sales',
    kind: 'crossSellLead',
    counts: { ...noCounts, reactions: 3, delivered: 3, converted: 1 },
    openByHour: [],
    ...over,
  });

  it('gives every figure of a rule', () => {
    const [rule] = summariseTallies(
      [
        tally('leads', {
          counts: { ...noCounts, reactions: 5, delivered: 3, failed: 1, sending: 1, converted: 1 },
        }),
      ],
      now,
      30,
    );

    expect(rule).toStrictEqual({
      rule: 'leads',
      system: 'sales',
      successMeans: expect.any(String),
      windowDays: 30,
      reactions: 5,
      delivered: 3,
      failed: 1,
      sending: 1,
      converted: 1,
      noResponse: 2,
      pending: 0,
      conversionRate: 1 / 3,
    });
  });

  it('lists the rules by name whatever order the tallies come in', () => {
    const rules = summariseTallies([tally('c'), tally('a'), tally('b')], now, 30);

    expect(rules.map((r) => r.rule)).toEqual(['a', 'b', 'c']);
  });

  it('counts reactions sent in the hour the window starts in as pending, the hour before as no response', () => {
    const [rule] = summariseTallies(
      [
        tally('leads', {
          counts: { ...noCounts, reactions: 3, delivered: 3 },
          openByHour: [
            { hour: '2026-03-01T11', count: 1 },
            { hour: '2026-03-01T12', count: 1 },
          ],
        }),
      ],
      now,
      30,
    );

    expect(rule).toMatchObject({ pending: 1, noResponse: 2, conversionRate: 0 });
  });

  it('adds the unmeasured reactions to the pending ones', () => {
    const [rule] = summariseTallies(
      [
        tally('leads', {
          counts: { ...noCounts, reactions: 4, delivered: 4, converted: 1, unmeasured: 1 },
          openByHour: [{ hour: '2026-03-30T00', count: 2 }],
        }),
      ],
      now,
      30,
    );

    expect(rule).toMatchObject({ pending: 3, noResponse: 0, conversionRate: 1 });
  });

  it('never reports a negative no-response count when more is open than the delivered counters left', () => {
    const [rule] = summariseTallies(
      [
        tally('leads', {
          counts: { ...noCounts, reactions: 1, delivered: 1 },
          openByHour: [{ hour: '2026-03-30T00', count: 2 }],
        }),
      ],
      now,
      30,
    );

    expect(rule?.noResponse).toBe(0);
    expect(rule?.conversionRate).toBeUndefined();
  });
});

describe('stamped outcome edges', () => {
  const entry = (kind = 'retentionTask'): LedgerEntry => ({
    record: { ...record(kind, '2026-03-01T10:15:00.000Z'), delivery: delivered },
    subject: {},
  });

  it('is still pending at the very instant the window closes and no response a millisecond later', () => {
    const closes = Date.parse('2026-03-01T10:15:00.000Z') + 30 * 86_400_000;

    expect(stampedOutcome(entry(), new Date(closes), 30)).toEqual({ result: 'pending' });
    expect(stampedOutcome(entry(), new Date(closes + 1), 30)).toEqual({ result: 'noResponse' });
  });

  it('is absent for a delivered reaction whose success is not measured, even with a movement stamped', () => {
    expect(
      stampedOutcome({ ...entry('changeRequest'), movement }, new Date('2026-03-02T00:00:00Z'), 30),
    ).toBeUndefined();
  });

  it('is absent for a measured reaction still sending, even with a movement stamped', () => {
    const sending = entry();
    const stillSending: LedgerEntry = {
      ...sending,
      record: { ...sending.record, delivery: { status: 'sending' } },
      movement,
    };

    expect(stampedOutcome(stillSending, new Date('2026-03-02T00:00:00Z'), 30)).toBeUndefined();
  });
});

describe('conversion within the window edges', () => {
  it('converts nothing for a reaction whose success is not measured, even with an order in the window', () => {
    const changeRequest: LedgerEntry = {
      record: { ...record('changeRequest', '2026-03-01T10:15:00.000Z'), delivery: delivered },
      subject: {},
    };
    const facts = {
      orders: [{ orderNumber: 'SO-1', orderedAt: '2026-03-05T09:00:00Z', parts: [] }],
      paidInvoices: new Map<string, string>(),
      stockArrivals: [],
    };

    expect(conversionWithin(changeRequest, facts, 30)).toBeUndefined();
  });
});
