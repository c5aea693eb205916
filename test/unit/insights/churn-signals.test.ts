import { describe, expect, it } from 'vitest';
import { assessChurnRisk, evaluateChurnWarning } from '../../../core/insights/churn-warning.ts';
import {
  defaultInsightsConfig as config,
  type InsightsConfig,
} from '../../../schemas/config/insights-config.ts';
import type { ChurnEpisode, ChurnState } from '../../../schemas/entities/customer-insights.ts';
import type { LifecycleStage } from '../../../schemas/entities/lifecycle.ts';
import { factsOf, interaction, invoice, order } from './records.ts';

// The churn score's three signals (texts, inputs, windows, caps) and the episode rules' edges. On
// 2026-03-01 the complaint windows are 2025-12-02..2026-03-01 (recent) and 2025-09-03..2025-12-01
// (before); the value window of 24 months starts on 2024-03-01.
const NOW = '2026-03-01T00:00:00Z';
const active = { stage: 'shortTerm' as const, keyCustomer: false };
// Orders every 61 days, the last on 2025-12-01: 120,000 in the value window.
const bimonthly = () => [
  order('SO-1', '2025-06-01T09:00:00Z', 30_000),
  order('SO-2', '2025-08-01T09:00:00Z', 30_000),
  order('SO-3', '2025-10-01T09:00:00Z', 30_000),
  order('SO-4', '2025-12-01T09:00:00Z', 30_000),
];
const signal = (risk: ReturnType<typeof assessChurnRisk>, name: string) =>
  risk.signals.find((s) => s.name === name);

describe('churn signals', () => {
  it('describes the purchase interval signal with its ratio and thresholds', () => {
    const risk = assessChurnRisk(factsOf(...bimonthly()), config, NOW, active);

    expect(signal(risk, 'purchaseInterval')).toEqual({
      name: 'purchaseInterval',
      points: 27.05,
      weight: 60,
      text: '90 days since the last order against a usual 61 days (1.48×; counts from 1.25×, full at 1.75×).',
      inputs: { daysIdle: 90, usualIntervalDays: 61, ratio: 1.48, lastOrder: 'SO-4' },
    });
  });

  it('gives no interval points to a customer without purchases or one ordering on time', () => {
    const none = assessChurnRisk(factsOf(), config, NOW, active);
    const onTime = assessChurnRisk(factsOf(...bimonthly()), config, '2026-01-01T00:00:00Z', active);

    expect(signal(none, 'purchaseInterval')).toEqual({
      name: 'purchaseInterval',
      points: 0,
      weight: 60,
      text: 'No purchase yet.',
      inputs: {},
    });
    expect(signal(onTime, 'purchaseInterval')).toMatchObject({ points: 0, inputs: { daysIdle: 31 } });
  });

  it('assumes the default interval for a single order and counts an order after the clock as 0 idle days', () => {
    const single = assessChurnRisk(factsOf(order('SO-1', '2025-12-01T09:00:00Z', 10)), config, NOW, active);
    const ahead = assessChurnRisk(factsOf(order('SO-1', '2026-03-05T09:00:00Z', 10)), config, NOW, active);

    expect(signal(single, 'purchaseInterval')?.inputs).toMatchObject({
      daysIdle: 90,
      usualIntervalDays: 120,
    });
    expect(signal(ahead, 'purchaseInterval')).toMatchObject({ points: 0, inputs: { daysIdle: 0, ratio: 0 } });
  });

  it('counts complaints of the last 90 days against the 90 days before and scores them only when rising', () => {
    const facts = factsOf(
      interaction('A', '2025-12-02T00:00:00Z', 'complaint'),
      interaction('B', '2026-02-01T10:00:00Z', 'return'),
      interaction('C', '2025-12-01T23:00:00Z', 'complaint'),
      interaction('D', '2025-09-02T23:00:00Z', 'complaint'),
    );

    expect(signal(assessChurnRisk(facts, config, NOW, active), 'risingComplaints')).toEqual({
      name: 'risingComplaints',
      points: 13.33,
      weight: 20,
      text: '2 complaints or returns in the last 90 days against 1 in the 90 days before (rising).',
      inputs: { recent: 2, before: 1, complaintIds: ['A', 'B'] },
    });
  });

  it('counts a complaint on the first day of the earlier window, so as many as before is not rising', () => {
    const facts = factsOf(
      interaction('A', '2025-12-02T00:00:00Z', 'complaint'),
      interaction('B', '2026-02-01T10:00:00Z', 'return'),
      interaction('C', '2025-12-01T23:00:00Z', 'complaint'),
      interaction('E', '2025-09-03T00:00:00Z', 'complaint'),
    );

    expect(signal(assessChurnRisk(facts, config, NOW, active), 'risingComplaints')).toMatchObject({
      points: 0,
      text: '2 complaints or returns in the last 90 days against 2 in the 90 days before.',
      inputs: { recent: 2, before: 2 },
    });
  });

  it('caps the complaint points at their weight from 3 recent complaints on', () => {
    const facts = factsOf(
      ...['c1', 'c2', 'c3', 'c4'].map((id, i) => interaction(id, `2026-02-0${i + 1}T10:00:00Z`, 'complaint')),
    );

    expect(signal(assessChurnRisk(facts, config, NOW, active), 'risingComplaints')?.points).toBe(20);
  });

  it('describes overdue invoices with the oldest days past due, their arrears and numbers', () => {
    // Due 2026-01-30 → 30 days overdue; due 2026-02-19 → 10 days.
    const facts = factsOf(invoice('INV-2', '2026-02-19', 1000), invoice('INV-1', '2026-01-30', 4000));

    expect(signal(assessChurnRisk(facts, config, NOW, active), 'overduePayments')).toEqual({
      name: 'overduePayments',
      points: 10,
      weight: 20,
      text: '2 overdue invoices, the oldest 30 days past due (full weight at 60).',
      inputs: { maxDaysOverdue: 30, arrears: 5000, invoiceNumbers: ['INV-1', 'INV-2'] },
    });
  });

  it('says when nothing is overdue and caps the overdue points at their weight', () => {
    const none = assessChurnRisk(factsOf(), config, NOW, active);
    const old = assessChurnRisk(factsOf(invoice('INV-1', '2025-12-01', 100)), config, NOW, active);

    expect(signal(none, 'overduePayments')).toEqual({
      name: 'overduePayments',
      points: 0,
      weight: 20,
      text: 'No overdue invoice.',
      inputs: { maxDaysOverdue: 0, arrears: 0, invoiceNumbers: [] },
    });
    expect(signal(old, 'overduePayments')?.points).toBe(20);
  });

  it('caps the score at 100 when the weights add up to more', () => {
    const heavy: InsightsConfig = { ...config, churn: { ...config.churn, intervalWeight: 100 } };
    const facts = factsOf(...bimonthly(), invoice('INV-1', '2025-12-01', 100));

    expect(assessChurnRisk(facts, heavy, '2026-04-01T00:00:00Z', active).score).toBe(100);
  });
});

describe('who may be warned', () => {
  it('calls 50,000 of revenue in the 24-month window valuable, and not a cent less or what came before it', () => {
    const facts = (amount: number) =>
      factsOf(
        order('SO-1', '2024-03-01T00:00:00Z', amount),
        order('SO-0', '2024-02-29T23:59:59Z', 10_000),
        order('SO-9', '2026-03-02T00:00:00Z', 10_000),
      );

    expect(assessChurnRisk(facts(50_000), config, NOW, active)).toMatchObject({
      valuable: true,
      revenueInValueWindow: 50_000,
      keyCustomer: false,
    });
    expect(assessChurnRisk(facts(49_999.99), config, NOW, active).valuable).toBe(false);
    expect(assessChurnRisk(facts(1), config, NOW, { ...active, keyCustomer: true })).toMatchObject({
      valuable: true,
      keyCustomer: true,
    });
  });

  it.each([
    ['prospect', false],
    ['interested', false],
    ['firstTime', true],
    ['doubtful', true],
    ['shortTerm', true],
    ['longTerm', true],
    ['dormant', true],
    ['churned', false],
  ] as const)('counts a %s customer as active: %s', (stage: LifecycleStage, expected) => {
    expect(assessChurnRisk(factsOf(), config, NOW, { stage, keyCustomer: false }).active).toBe(expected);
  });
});

describe('churn episodes', () => {
  const episode = (openedAt: string): ChurnEpisode => ({
    episodeId: `C1/churn/${openedAt}`,
    openedAt,
    scoreAtOpen: 60,
    signalsAtOpen: [],
  });
  const openSince = (openedAt: string): ChurnState => ({ open: episode(openedAt), lastClosed: null });

  it('keeps an episode open at a score of exactly 35 and closes it at 33, naming the score', () => {
    // 94 idle days (2026-03-05): 94 / 61 = 1.541×, 60 × 0.291 / 0.5 = 34.92 → 35; 93 days → 32.95 → 33.
    const at35 = evaluateChurnWarning(
      openSince(NOW),
      factsOf(...bimonthly()),
      config,
      '2026-03-05T00:00:00Z',
      active,
    );
    const at33 = evaluateChurnWarning(
      openSince(NOW),
      factsOf(...bimonthly()),
      config,
      '2026-03-04T00:00:00Z',
      active,
    );

    expect(at35.assessment.score).toBe(35);
    expect(at35.change).toBeNull();
    expect(at33.change).toEqual({
      kind: 'cleared',
      episode: {
        ...episode(NOW),
        closedAt: '2026-03-04T00:00:00Z',
        closeReason: 'riskPassed',
        scoreAtClose: 33,
      },
    });
    expect(at33.state).toEqual({ open: null, lastClosed: at33.change?.episode });
  });

  it('closes an episode when the customer is no longer valuable, before asking whether it is active', () => {
    const small = factsOf(
      order('SO-1', '2025-06-01T09:00:00Z', 1000),
      order('SO-2', '2025-08-01T09:00:00Z', 1000),
    );

    const result = evaluateChurnWarning(
      openSince('2025-11-16T00:00:00Z'),
      small,
      config,
      '2025-11-20T00:00:00Z',
      {
        stage: 'churned',
        keyCustomer: false,
      },
    );

    expect(result.change).toMatchObject({ kind: 'cleared', episode: { closeReason: 'noLongerValuable' } });
  });

  it('dates a close at the opening when the clock is earlier than it', () => {
    const reordered = factsOf(...bimonthly(), order('SO-5', '2026-03-20T09:00:00Z', 30_000));

    const result = evaluateChurnWarning(
      openSince('2026-04-01T00:00:00Z'),
      reordered,
      config,
      '2026-03-21T00:00:00Z',
      active,
    );

    expect(result.change).toMatchObject({ kind: 'cleared', episode: { closedAt: '2026-04-01T00:00:00Z' } });
  });

  it('opens a new episode no earlier than the last close and keeps that closed episode', () => {
    const closed: ChurnEpisode = {
      ...episode('2026-03-01T00:00:00Z'),
      closedAt: '2026-03-20T00:00:00Z',
      closeReason: 'riskPassed',
      scoreAtClose: 10,
    };

    // On 2026-03-20 the customer is 109 days idle: the full 60 points.
    const result = evaluateChurnWarning(
      { open: null, lastClosed: closed },
      factsOf(...bimonthly()),
      config,
      '2026-03-18T00:00:00Z',
      active,
    );

    expect(result.change).toMatchObject({
      kind: 'raised',
      episode: { episodeId: 'C1/churn/2026-03-20T00:00:00Z', openedAt: '2026-03-20T00:00:00Z' },
    });
    expect(result.state.lastClosed).toBe(closed);
  });

  it('raises no warning for a valuable customer with a high score who is not active', () => {
    const result = evaluateChurnWarning(undefined, factsOf(...bimonthly()), config, '2026-03-18T08:00:00Z', {
      stage: 'churned',
      keyCustomer: false,
    });

    expect(result.assessment).toMatchObject({ score: 60, valuable: true, active: false });
    expect(result.change).toBeNull();
    expect(result.state).toEqual({ open: null, lastClosed: null });
  });
});
