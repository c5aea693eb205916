import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyLifecycle } from '../../../core/insights/classify-lifecycle.ts';
import { foldRecordIntoFacts } from '../../../core/insights/customer-facts.ts';
import { appendTransition, evaluateLifecycle } from '../../../core/insights/evaluate-lifecycle.ts';
import { defaultInsightsConfig as config } from '../../../schemas/config/insights-config.ts';
import type { CanonicalRecord } from '../../../schemas/entities/canonical-record.ts';
import type { CustomerFacts } from '../../../schemas/entities/customer-facts.ts';
import type { LifecycleState } from '../../../schemas/entities/customer-insights.ts';
import { propertyRuns } from '../../support/property-runs.ts';
import { factsOf, interaction, invoice, order, productView } from './records.ts';

const NOW = '2026-03-01T00:00:00Z';
const stateAt = (stage: LifecycleState['stage'], since = '2025-01-01T00:00:00Z'): LifecycleState => ({
  stage,
  since,
  history: [],
});
// A long-term customer who ordered every ~6 months: gaps 181, 184 and 182 days, so its usual interval
// (the median gap) is 182 days and it turns dormant after max(180, 2 × 182) = 364 idle days.
const halfYearly = [
  order('SO-1', '2023-01-01T09:00:00Z', 10_000),
  order('SO-2', '2023-07-01T09:00:00Z', 10_000),
  order('SO-3', '2024-01-01T09:00:00Z', 10_000),
  order('SO-4', '2024-07-01T09:00:00Z', 10_000),
];

describe('lifecycle stage', () => {
  it('starts a customer with no order and no interest as a prospect, recorded as its first transition', () => {
    const result = evaluateLifecycle(undefined, factsOf(), config, NOW);

    expect(result.transition).toMatchObject({
      from: null,
      to: 'prospect',
      phase: 'attract',
      reason: 'noSignals',
      at: NOW,
    });
    expect(result.state.history).toHaveLength(1);
  });

  it('moves a prospect to interested after enough product views on the web', () => {
    const facts = factsOf(
      productView('m-1', '2026-02-01T10:00:00Z'),
      productView('m-2', '2026-02-02T10:00:00Z'),
      productView('m-3', '2026-02-03T10:00:00Z'),
    );

    const result = evaluateLifecycle(stateAt('prospect'), facts, config, NOW);

    expect(result.transition).toMatchObject({
      from: 'prospect',
      to: 'interested',
      reason: 'webInterest',
      evidence: { webInterestEvents: 3 },
    });
  });

  it('moves a prospect to interested on an open quotation, naming the quote', () => {
    const facts = factsOf(order('Q-1', '2026-02-10T10:00:00Z', 5000, { status: 'quote' }));

    const result = evaluateLifecycle(stateAt('prospect'), facts, config, NOW);

    expect(result.transition).toMatchObject({
      to: 'interested',
      reason: 'openQuote',
      evidence: { quoteNumbers: ['Q-1'] },
    });
  });

  it('moves an interested customer back to prospect once the interest window has passed (time-driven)', () => {
    const facts = factsOf(order('Q-1', '2026-02-10T10:00:00Z', 5000, { status: 'quote' }));
    const interested = evaluateLifecycle(stateAt('prospect'), facts, config, NOW).state;

    // 2026-02-10 + 90 days = 2026-05-11: the quote is outside the window from the next day on.
    const sameDay = evaluateLifecycle(interested, facts, config, '2026-05-11T06:00:00Z');
    const later = evaluateLifecycle(interested, facts, config, '2026-05-12T06:00:00Z');

    expect(sameDay.transition).toBeNull();
    expect(later.transition).toMatchObject({ from: 'interested', to: 'prospect', reason: 'interestLapsed' });
  });

  it('makes the first order a first-time customer', () => {
    const result = evaluateLifecycle(
      stateAt('interested'),
      factsOf(order('SO-1', '2026-02-01T09:00:00Z', 800)),
      config,
      NOW,
    );

    expect(result.transition).toMatchObject({
      to: 'firstTime',
      phase: 'satisfy',
      reason: 'firstOrder',
      evidence: { orderNumbers: ['SO-1'] },
    });
  });

  it('makes a new customer who complains doubtful, naming the complaint', () => {
    const facts = factsOf(
      order('SO-1', '2026-01-05T09:00:00Z', 800),
      interaction('T-7', '2026-02-01T10:00:00Z', 'complaint'),
    );

    const result = evaluateLifecycle(stateAt('firstTime'), facts, config, NOW);

    expect(result.transition).toMatchObject({
      from: 'firstTime',
      to: 'doubtful',
      reason: 'complaint',
      evidence: { complaintIds: ['T-7'] },
    });
  });

  it('makes a new customer who sends goods back doubtful with reason return', () => {
    const facts = factsOf(
      order('SO-1', '2026-01-05T09:00:00Z', 800),
      interaction('T-8', '2026-02-01T10:00:00Z', 'return'),
    );

    expect(evaluateLifecycle(stateAt('firstTime'), facts, config, NOW).transition).toMatchObject({
      to: 'doubtful',
      reason: 'return',
    });
  });

  it('makes a new customer with an invoice 30 days past due doubtful, from due date and open amount alone', () => {
    // The ERP still says `open`; due 2026-01-30 is 30 days before 2026-03-01.
    const facts = factsOf(order('SO-1', '2026-01-05T09:00:00Z', 800), invoice('INV-1', '2026-01-30', 800));

    const result = evaluateLifecycle(stateAt('firstTime'), facts, config, NOW);

    expect(result.transition).toMatchObject({
      to: 'doubtful',
      reason: 'paymentProblem',
      evidence: { overdueInvoiceNumbers: ['INV-1'], maxDaysOverdue: 30 },
    });
  });

  it('resolves doubt once the complaint is older than the doubt window (time-driven)', () => {
    const facts = factsOf(
      order('SO-1', '2026-01-05T09:00:00Z', 800),
      interaction('T-7', '2026-02-01T10:00:00Z', 'complaint'),
    );
    const doubtful = evaluateLifecycle(stateAt('firstTime'), facts, config, NOW).state;

    // 2026-02-01 + 120 days = 2026-06-01; idle 2026-01-05 → 2026-06-02 is 148 days, below dormant (240).
    const result = evaluateLifecycle(doubtful, facts, config, '2026-06-02T00:00:00Z');

    expect(result.transition).toMatchObject({ from: 'doubtful', to: 'firstTime', reason: 'doubtResolved' });
  });

  it('makes a second order a short-term customer', () => {
    const facts = factsOf(
      order('SO-1', '2025-11-01T09:00:00Z', 800),
      order('SO-2', '2026-02-01T09:00:00Z', 900),
    );

    const result = evaluateLifecycle(stateAt('firstTime'), facts, config, NOW);

    expect(result.transition).toMatchObject({
      to: 'shortTerm',
      phase: 'care',
      reason: 'repeatOrders',
      evidence: { orderCount: 2 },
    });
  });

  it('does not count quotations or cancelled orders as purchases', () => {
    const facts = factsOf(
      order('SO-1', '2025-11-01T09:00:00Z', 800),
      order('SO-2', '2026-01-01T09:00:00Z', 900, { status: 'cancelled' }),
      order('Q-3', '2026-02-01T09:00:00Z', 900, { status: 'quote' }),
    );

    expect(classifyLifecycle(facts, config, NOW)).toMatchObject({
      stage: 'firstTime',
      evidence: { orderCount: 1 },
    });
  });

  it('makes four orders over 18 months a long-term customer', () => {
    const result = evaluateLifecycle(
      stateAt('shortTerm'),
      factsOf(...halfYearly),
      config,
      '2024-08-01T00:00:00Z',
    );

    expect(result.transition).toMatchObject({
      to: 'longTerm',
      phase: 'maintain',
      reason: 'loyalOrderHistory',
      evidence: { orderCount: 4, orderSpanDays: 547 },
    });
  });

  it('keeps four orders within less than 18 months short-term', () => {
    const facts = factsOf(...halfYearly.slice(1), order('SO-5', '2024-08-01T09:00:00Z', 100));

    expect(classifyLifecycle(facts, config, '2024-09-01T00:00:00Z').stage).toBe('shortTerm');
  });

  it('turns a customer dormant when idle twice its own usual interval, on the day the clock runs out (time-driven)', () => {
    const facts = factsOf(...halfYearly);
    const longTerm = stateAt('longTerm', '2024-08-01T00:00:00Z');

    // Last order 2024-07-01; 2025-06-29 is 363 idle days, 2025-06-30 is 364.
    const before = evaluateLifecycle(longTerm, facts, config, '2025-06-29T12:00:00Z');
    const onTheDay = evaluateLifecycle(longTerm, facts, config, '2025-06-30T12:00:00Z');

    expect(before.transition).toBeNull();
    expect(onTheDay.transition).toMatchObject({
      from: 'longTerm',
      to: 'dormant',
      phase: 'retain',
      reason: 'inactivity',
      at: '2025-06-30T12:00:00Z',
      evidence: {
        daysIdle: 364,
        usualIntervalDays: 182,
        thresholdDays: 364,
        lastOrderAt: '2024-07-01T09:00:00Z',
      },
    });
  });

  it('never calls a one-order customer dormant before the minimum idle days', () => {
    // One order: the default interval of 120 days applies, dormant after max(180, 240) = 240 days.
    const facts = factsOf(order('SO-1', '2025-06-01T09:00:00Z', 800));

    expect(classifyLifecycle(facts, config, '2026-01-26T00:00:00Z').stage).toBe('firstTime'); // 239 days
    expect(classifyLifecycle(facts, config, '2026-01-27T00:00:00Z')).toMatchObject({
      stage: 'dormant',
      evidence: { thresholdDays: 240 },
    });
  });

  it('turns a customer churned after 730 days without an order', () => {
    const facts = factsOf(...halfYearly);

    // 2024-07-01 + 730 days = 2026-07-01.
    const result = evaluateLifecycle(stateAt('dormant'), facts, config, '2026-07-01T00:00:00Z');

    expect(result.transition).toMatchObject({
      from: 'dormant',
      to: 'churned',
      reason: 'longInactivity',
      evidence: { daysIdle: 730, thresholdDays: 730 },
    });
  });

  it('calls a new order after dormancy a reactivation', () => {
    const facts = factsOf(...halfYearly, order('SO-5', '2026-02-15T09:00:00Z', 5000));

    const result = evaluateLifecycle(stateAt('dormant'), facts, config, NOW);

    expect(result.transition).toMatchObject({ from: 'dormant', to: 'longTerm', reason: 'reactivated' });
  });

  it('does not roll the stage back when evaluated with a clock earlier than its last move', () => {
    const facts = factsOf(...halfYearly);
    const dormant = evaluateLifecycle(stateAt('longTerm'), facts, config, '2025-07-01T00:00:00Z').state;

    const late = evaluateLifecycle(dormant, facts, config, '2025-01-01T00:00:00Z');

    expect(late.transition).toBeNull();
    expect(late.state).toBe(dormant);
  });

  it('changes nothing when evaluated again with its own result', () => {
    const facts = factsOf(...halfYearly);
    const first = evaluateLifecycle(undefined, facts, config, NOW);

    const again = evaluateLifecycle(first.state, facts, config, NOW);

    expect(again.transition).toBeNull();
    expect(again.state).toEqual(first.state);
  });

  it('keeps a transition once in the history however often it is appended', () => {
    const { transition } = evaluateLifecycle(undefined, factsOf(), config, NOW);
    if (!transition) throw new Error('expected a first transition');

    const history = appendTransition(appendTransition([], transition), transition);

    expect(history).toEqual([transition]);
  });

  it('ends in the same stage whatever order the facts arrive in, with no repeated stage in the history (property)', () => {
    const records: CanonicalRecord[] = [
      ...halfYearly,
      order('Q-9', '2026-02-01T09:00:00Z', 500, { status: 'quote' }),
      order('SO-5', '2025-12-01T09:00:00Z', 3000),
      interaction('T-1', '2026-02-10T10:00:00Z', 'complaint'),
      invoice('INV-1', '2025-12-01', 3000),
      productView('m-1', '2026-02-01T10:00:00Z'),
    ];
    const expected = classifyLifecycle(records.reduce(foldRecordIntoFacts, factsOf()), config, NOW).stage;
    fc.assert(
      fc.property(
        fc.shuffledSubarray(records, { minLength: records.length }),
        fc.array(fc.nat(records.length - 1), { maxLength: 5 }),
        (shuffled, redelivered) => {
          let facts: CustomerFacts = factsOf();
          let state: LifecycleState | undefined;
          for (const record of [...shuffled, ...redelivered.map((i) => records[i] as CanonicalRecord)]) {
            facts = foldRecordIntoFacts(facts, record);
            state = evaluateLifecycle(state, facts, config, NOW).state;
          }
          expect(state?.stage).toBe(expected);
          expect(evaluateLifecycle(state, facts, config, NOW).transition).toBeNull();
          const stages = state?.history.map((t) => t.to) ?? [];
          expect(stages.every((s, i) => i === 0 || s !== stages[i - 1])).toBe(true);
        },
      ),
      { numRuns: propertyRuns(100) },
    );
  });
});
