import { describe, expect, it } from 'vitest';
import { classifyLifecycle } from '../../../core/insights/classify-lifecycle.ts';
import {
  appendTransition,
  evaluateLifecycle,
  lifecycleTransitionId,
} from '../../../core/insights/evaluate-lifecycle.ts';
import {
  defaultInsightsConfig as config,
  type InsightsConfig,
} from '../../../schemas/config/insights-config.ts';
import {
  LIFECYCLE_HISTORY_LIMIT,
  type LifecycleState,
  type LifecycleTransition,
} from '../../../schemas/entities/customer-insights.ts';
import { factsOf, interaction, invoice, order, productView } from './records.ts';

// The texts and thresholds of each lifecycle rule, as the 360 view shows them. The interest window of
// 90 days ending 2026-03-01 starts on 2025-12-01; the doubt window of 120 days on 2025-11-01.
const NOW = '2026-03-01T00:00:00Z';
const lifecycle = (over: Partial<InsightsConfig['lifecycle']>): InsightsConfig => ({
  ...config,
  lifecycle: { ...config.lifecycle, ...over },
});
const stateAt = (stage: LifecycleState['stage'], since = '2025-01-01T00:00:00Z'): LifecycleState => ({
  stage,
  since,
  history: [],
});

describe('lifecycle rules for customers without a purchase', () => {
  it('calls a customer with no interest a prospect and says how much interest was missing', () => {
    expect(classifyLifecycle(factsOf(), config, NOW)).toEqual({
      stage: 'prospect',
      phase: 'attract',
      reason: 'noSignals',
      text: 'No order, and not enough recent interest (0 web interest events in the last 90 days, 3 needed; no open quotation or enquiry).',
      evidence: { webInterestEvents: 0, orderCount: 0 },
    });
  });

  it('counts one web interest event in the singular and still calls two events too few', () => {
    const one = factsOf(productView('m-1', '2026-02-01T10:00:00Z'));
    const two = factsOf(
      productView('m-1', '2026-02-01T10:00:00Z'),
      productView('m-2', '2026-02-02T10:00:00Z'),
    );

    expect(classifyLifecycle(one, config, NOW).text).toContain('(1 web interest event in the last 90 days');
    expect(classifyLifecycle(two, config, NOW)).toMatchObject({
      stage: 'prospect',
      evidence: { webInterestEvents: 2 },
    });
  });

  it('counts web interest from the first day of the window on, not the day before', () => {
    const views = (firstAt: string) =>
      factsOf(
        productView('m-1', firstAt),
        productView('m-2', '2026-02-01T10:00:00Z'),
        productView('m-3', '2026-02-02T10:00:00Z'),
      );

    expect(classifyLifecycle(views('2025-12-01T00:00:00Z'), config, NOW)).toEqual({
      stage: 'interested',
      phase: 'attract',
      reason: 'webInterest',
      text: 'Looked at products on the web 3 times in the last 90 days (3 needed).',
      evidence: { webInterestEvents: 3 },
    });
    expect(classifyLifecycle(views('2025-11-30T23:59:59Z'), config, NOW).stage).toBe('prospect');
  });

  it('names open quotations of the window, newest first, in the singular and the plural', () => {
    const one = factsOf(order('Q-1', '2025-12-01T00:00:00Z', 10, { status: 'quote' }));
    const two = factsOf(
      order('Q-1', '2026-01-01T00:00:00Z', 10, { status: 'quote' }),
      order('Q-2', '2026-02-01T00:00:00Z', 10, { status: 'quote' }),
      order('Q-OLD', '2025-11-30T23:59:59Z', 10, { status: 'quote' }),
    );

    expect(classifyLifecycle(one, config, NOW)).toEqual({
      stage: 'interested',
      phase: 'attract',
      reason: 'openQuote',
      text: 'Has 1 open quotation from the last 90 days and no order yet.',
      evidence: { quoteNumbers: ['Q-1'] },
    });
    expect(classifyLifecycle(two, config, NOW)).toMatchObject({
      text: 'Has 2 open quotations from the last 90 days and no order yet.',
      evidence: { quoteNumbers: ['Q-2', 'Q-1'] },
    });
  });

  it('takes inbound sales and order enquiries of the window as interest, their ids sorted', () => {
    const facts = factsOf(
      interaction('E-2', '2026-02-10T10:00:00Z', 'sales'),
      interaction('E-1', '2025-12-01T00:00:00Z', 'order', { direction: 'inbound' }),
    );

    expect(classifyLifecycle(facts, config, NOW)).toEqual({
      stage: 'interested',
      phase: 'attract',
      reason: 'salesEnquiry',
      text: 'Asked about buying (2 sales enquiries) in the last 90 days.',
      evidence: { enquiryIds: ['E-1', 'E-2'] },
    });
    expect(
      classifyLifecycle(factsOf(interaction('E-3', '2026-02-10T10:00:00Z', 'sales')), config, NOW).text,
    ).toBe('Asked about buying (1 sales enquiry) in the last 90 days.');
  });

  it('does not take outbound contacts, complaints or enquiries before the window as interest', () => {
    const facts = factsOf(
      interaction('OUT', '2026-02-10T10:00:00Z', 'sales', { direction: 'outbound', kind: 'contact' }),
      interaction('COMPLAINT', '2026-02-10T10:00:00Z', 'complaint'),
      interaction('OLD', '2025-11-30T23:59:59Z', 'sales'),
    );

    expect(classifyLifecycle(facts, config, NOW).stage).toBe('prospect');
  });
});

describe('lifecycle rules for idle customers', () => {
  const halfYearly = () => [
    order('SO-1', '2023-01-01T09:00:00Z', 10_000),
    order('SO-2', '2023-07-01T09:00:00Z', 10_000),
    order('SO-3', '2024-01-01T09:00:00Z', 10_000),
    order('SO-4', '2024-07-01T09:00:00Z', 10_000),
  ];

  it("says a dormant customer's own rhythm and threshold", () => {
    expect(classifyLifecycle(factsOf(...halfYearly()), config, '2025-06-30T12:00:00Z')).toEqual({
      stage: 'dormant',
      phase: 'retain',
      reason: 'inactivity',
      text: 'No order for 364 days (last SO-4); this customer usually orders every 182 days, so after 364 days it counts as dormant.',
      evidence: {
        orderCount: 4,
        lastOrderAt: '2024-07-01T09:00:00Z',
        orderNumbers: ['SO-4'],
        daysIdle: 364,
        usualIntervalDays: 182,
        thresholdDays: 364,
      },
    });
  });

  it('says the assumed interval of a one-order customer that went dormant', () => {
    const result = classifyLifecycle(factsOf(order('SO-1', '2025-06-01T09:00:00Z', 800)), config, NOW);

    expect(result.text).toBe(
      'No order for 273 days (last SO-1); with a single order a usual interval of 120 days is assumed, so after 240 days it counts as dormant.',
    );
  });

  it('says when a churned customer counts as lost', () => {
    expect(classifyLifecycle(factsOf(...halfYearly()), config, '2026-07-01T00:00:00Z')).toEqual({
      stage: 'churned',
      phase: 'retain',
      reason: 'longInactivity',
      text: 'No order for 730 days (last SO-4); after 730 days without an order a customer counts as lost.',
      evidence: {
        orderCount: 4,
        lastOrderAt: '2024-07-01T09:00:00Z',
        orderNumbers: ['SO-4'],
        daysIdle: 730,
        usualIntervalDays: 182,
        thresholdDays: 730,
      },
    });
  });

  it('rounds the dormant threshold up: 1.5 × 121 = 181.5 days makes 182', () => {
    const slow = lifecycle({ dormantIntervalFactor: 1.5, defaultPurchaseIntervalDays: 121 });
    const facts = factsOf(order('SO-1', '2025-01-01T09:00:00Z', 800));

    // 2025-01-01 + 181 days = 2025-07-01; + 182 days = 2025-07-02.
    expect(classifyLifecycle(facts, slow, '2025-07-01T12:00:00Z').stage).toBe('firstTime');
    expect(classifyLifecycle(facts, slow, '2025-07-02T12:00:00Z')).toMatchObject({
      stage: 'dormant',
      evidence: { thresholdDays: 182 },
    });
  });

  it('never calls a customer churned before it is dormant, even when its rhythm is slower than the churn days', () => {
    // One gap of 500 days: dormant after 2 × 500 = 1000 days, later than churnedAfterDays (730).
    const facts = factsOf(
      order('SO-1', '2022-01-01T09:00:00Z', 800),
      order('SO-2', '2023-05-16T09:00:00Z', 800),
    );

    // 2023-05-16 + 800 days = 2025-07-24; + 1000 days = 2026-02-09.
    expect(classifyLifecycle(facts, config, '2025-07-24T00:00:00Z').stage).toBe('shortTerm');
    expect(classifyLifecycle(facts, config, '2026-02-09T00:00:00Z')).toMatchObject({
      stage: 'churned',
      evidence: { daysIdle: 1000, thresholdDays: 1000, usualIntervalDays: 500 },
    });
  });
});

describe('lifecycle rules for buying customers', () => {
  it('names the first order of a first-time customer with its order evidence', () => {
    expect(classifyLifecycle(factsOf(order('SO-1', '2026-02-01T09:00:00Z', 800)), config, NOW)).toEqual({
      stage: 'firstTime',
      phase: 'satisfy',
      reason: 'firstOrder',
      text: 'First order SO-1 placed.',
      evidence: {
        orderCount: 1,
        orderNumbers: ['SO-1'],
        firstOrderAt: '2026-02-01T09:00:00Z',
        lastOrderAt: '2026-02-01T09:00:00Z',
        orderSpanDays: 0,
      },
    });
  });

  it('says how many orders a short-term customer has and what makes a long-term one', () => {
    const facts = factsOf(
      order('SO-1', '2025-11-01T09:00:00Z', 800),
      order('SO-2', '2026-02-01T09:00:00Z', 900),
    );

    expect(classifyLifecycle(facts, config, NOW)).toEqual({
      stage: 'shortTerm',
      phase: 'care',
      reason: 'repeatOrders',
      text: 'Ordered again: 2 orders so far (4 over 18 months make a long-term customer).',
      evidence: {
        orderCount: 2,
        orderNumbers: ['SO-1', 'SO-2'],
        firstOrderAt: '2025-11-01T09:00:00Z',
        lastOrderAt: '2026-02-01T09:00:00Z',
        orderSpanDays: 92,
      },
    });
  });

  it('says how many orders over how many days made a long-term customer', () => {
    const facts = factsOf(
      order('SO-1', '2024-06-01T09:00:00Z', 800),
      order('SO-2', '2025-01-01T09:00:00Z', 800),
      order('SO-3', '2025-06-01T09:00:00Z', 800),
      order('SO-4', '2026-01-01T09:00:00Z', 800),
    );

    expect(classifyLifecycle(facts, config, NOW)).toMatchObject({
      stage: 'longTerm',
      reason: 'loyalOrderHistory',
      text: '4 orders over 579 days (at least 4 orders over 18 months make a long-term customer).',
      evidence: { orderCount: 4, orderSpanDays: 579 },
    });
  });

  it('keeps a loyal customer long-term despite a recent complaint', () => {
    const facts = factsOf(
      order('SO-1', '2024-06-01T09:00:00Z', 800),
      order('SO-2', '2025-01-01T09:00:00Z', 800),
      order('SO-3', '2025-06-01T09:00:00Z', 800),
      order('SO-4', '2026-01-01T09:00:00Z', 800),
      interaction('T-1', '2026-02-01T10:00:00Z', 'complaint'),
      invoice('INV-1', '2025-12-01', 800),
    );

    expect(classifyLifecycle(facts, config, NOW).stage).toBe('longTerm');
  });

  it('names every complaint of the doubt window and calls the customer doubtful for a complaint', () => {
    const facts = factsOf(
      order('SO-1', '2025-10-01T09:00:00Z', 800),
      interaction('T-1', '2025-11-01T00:00:00Z', 'complaint'),
      interaction('T-2', '2026-02-01T10:00:00Z', 'complaint'),
      interaction('T-0', '2025-10-31T23:59:59Z', 'complaint'),
    );

    expect(classifyLifecycle(facts, config, NOW)).toEqual({
      stage: 'doubtful',
      phase: 'satisfy',
      reason: 'complaint',
      text: 'Complained (T-1, T-2) within 120 days while still a new customer (1 order).',
      evidence: {
        orderCount: 1,
        orderNumbers: ['SO-1'],
        firstOrderAt: '2025-10-01T09:00:00Z',
        lastOrderAt: '2025-10-01T09:00:00Z',
        orderSpanDays: 0,
        complaintIds: ['T-1', 'T-2'],
      },
    });
  });

  it('takes the reason from the latest issue: a return after a complaint is a return', () => {
    const facts = factsOf(
      order('SO-1', '2025-12-01T09:00:00Z', 800),
      order('SO-2', '2026-01-01T09:00:00Z', 800),
      interaction('T-1', '2026-01-10T10:00:00Z', 'complaint'),
      interaction('T-2', '2026-02-10T10:00:00Z', 'return'),
    );

    expect(classifyLifecycle(facts, config, NOW)).toMatchObject({
      stage: 'doubtful',
      reason: 'return',
      text: 'Returned goods (T-1, T-2) within 120 days while still a new customer (2 orders).',
    });
  });

  it('names the overdue invoices of a doubtful customer from 30 days past due, not from 29', () => {
    // Due 2026-01-30 is 30 days before 2026-03-01, 2026-01-31 is 29; the older one is named first.
    const facts = factsOf(
      order('SO-1', '2026-01-05T09:00:00Z', 800),
      invoice('INV-2', '2026-01-30', 800),
      invoice('INV-1', '2026-01-20', 800),
    );
    const notYet = factsOf(order('SO-1', '2026-01-05T09:00:00Z', 800), invoice('INV-3', '2026-01-31', 800));

    expect(classifyLifecycle(facts, config, NOW)).toEqual({
      stage: 'doubtful',
      phase: 'satisfy',
      reason: 'paymentProblem',
      text: '2 invoices unpaid 30 or more days past due (oldest INV-1, 40 days) while still a new customer.',
      evidence: {
        orderCount: 1,
        orderNumbers: ['SO-1'],
        firstOrderAt: '2026-01-05T09:00:00Z',
        lastOrderAt: '2026-01-05T09:00:00Z',
        orderSpanDays: 0,
        overdueInvoiceNumbers: ['INV-1', 'INV-2'],
        maxDaysOverdue: 40,
      },
    });
    expect(classifyLifecycle(notYet, config, NOW).stage).toBe('firstTime');
  });
});

describe('naming the move', () => {
  it('prefixes the assessment text with the lapse of interest', () => {
    expect(evaluateLifecycle(stateAt('interested'), factsOf(), config, NOW).transition).toMatchObject({
      reason: 'interestLapsed',
      text: 'Interest lapsed: No order, and not enough recent interest (0 web interest events in the last 90 days, 3 needed; no open quotation or enquiry).',
    });
  });

  it('calls an order after being churned a reactivation and says where the customer came from', () => {
    const facts = factsOf(order('SO-1', '2026-02-01T09:00:00Z', 800));

    expect(evaluateLifecycle(stateAt('churned'), facts, config, NOW).transition).toMatchObject({
      from: 'churned',
      to: 'firstTime',
      reason: 'reactivated',
      text: 'Ordered again after being churned. First order SO-1 placed.',
    });
  });

  it('says that doubt is resolved in the text of the move out of doubtful', () => {
    const facts = factsOf(order('SO-1', '2026-02-01T09:00:00Z', 800));

    expect(evaluateLifecycle(stateAt('doubtful'), facts, config, NOW).transition).toMatchObject({
      reason: 'doubtResolved',
      text: 'No complaint, return or long-overdue invoice any more. First order SO-1 placed.',
    });
  });

  it('keeps the complaint as the reason when a dormant customer orders again and complains', () => {
    const facts = factsOf(
      order('SO-1', '2024-01-01T09:00:00Z', 800),
      order('SO-2', '2026-02-15T09:00:00Z', 800),
      interaction('T-1', '2026-02-20T10:00:00Z', 'complaint'),
    );

    expect(evaluateLifecycle(stateAt('dormant'), facts, config, NOW).transition).toMatchObject({
      from: 'dormant',
      to: 'doubtful',
      reason: 'complaint',
    });
  });

  it('does not call a prospect who turned interested a lapse or a reactivation', () => {
    const facts = factsOf(order('Q-1', '2026-02-01T09:00:00Z', 10, { status: 'quote' }));

    expect(evaluateLifecycle(stateAt('prospect'), facts, config, NOW).transition?.reason).toBe('openQuote');
  });
});

describe('lifecycle transitions', () => {
  it('names a transition by customer, move and moment', () => {
    expect(lifecycleTransitionId('C1', null, 'prospect', NOW)).toBe(`C1/lifecycle/none>prospect/${NOW}`);
    expect(
      evaluateLifecycle(stateAt('prospect'), factsOf(order('SO-1', NOW, 1)), config, NOW).transition,
    ).toMatchObject({ transitionId: `C1/lifecycle/prospect>firstTime/${NOW}` });
  });

  it('dates a move at the previous move when the clock is earlier, and appends it to the history', () => {
    const earlier = evaluateLifecycle(undefined, factsOf(), config, '2026-03-05T00:00:00Z');
    const facts = factsOf(order('SO-1', '2026-02-01T09:00:00Z', 800));

    const result = evaluateLifecycle(earlier.state, facts, config, NOW);

    expect(result.transition).toMatchObject({
      from: 'prospect',
      to: 'firstTime',
      at: '2026-03-05T00:00:00Z',
    });
    expect(result.state).toEqual({
      stage: 'firstTime',
      since: '2026-03-05T00:00:00Z',
      history: [earlier.transition, result.transition],
    });
  });

  it(`keeps only the newest ${LIFECYCLE_HISTORY_LIMIT} transitions`, () => {
    const full = evaluateLifecycle(undefined, factsOf(), config, NOW).transition as LifecycleTransition;
    const history = Array.from({ length: LIFECYCLE_HISTORY_LIMIT }, (_, i) => ({
      ...full,
      transitionId: `t-${i}`,
    }));
    const newest = { ...full, transitionId: 't-new' };

    const kept = appendTransition(history, newest);

    expect(kept).toHaveLength(LIFECYCLE_HISTORY_LIMIT);
    expect(kept[0]?.transitionId).toBe('t-1');
    expect(kept.at(-1)?.transitionId).toBe('t-new');
  });
});
