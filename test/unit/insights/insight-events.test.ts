import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { evaluateInsights, type InsightEvaluation } from '../../../core/insights/evaluate-insights.ts';
import {
  InvalidInsightEventError,
  insightEventsFor,
  keyCustomerEventsFor,
} from '../../../core/insights/insight-events.ts';
import { computeKeyCustomers } from '../../../core/insights/key-customers.ts';
import { defaultInsightsConfig as config } from '../../../schemas/config/insights-config.ts';
import type { ChurnEpisode } from '../../../schemas/entities/customer-insights.ts';
import { factsOf, invoice, order } from './records.ts';

// The events one evaluation announces: which, when they occurred, their ids and correlation, and the
// refusal of a result that does not make a valid event.
const NOW = '2026-03-01T00:00:00Z';
const sha = (...parts: string[]) =>
  createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
const firstEvaluation = (): InsightEvaluation =>
  evaluateInsights(
    undefined,
    factsOf(order('SO-1', '2026-02-01T09:00:00Z', 800), invoice('INV-1', '2026-01-20', 800)),
    config,
    NOW,
    { keyCustomer: null, rfmBoundaries: null },
  );
const closedEpisode = (): ChurnEpisode => ({
  episodeId: 'C1/churn/2026-02-01T00:00:00Z',
  openedAt: '2026-02-01T00:00:00Z',
  scoreAtOpen: 61,
  signalsAtOpen: [],
  closedAt: '2026-02-20T00:00:00Z',
  closeReason: 'riskPassed',
  scoreAtClose: 20,
});

describe('insight events of one evaluation', () => {
  it('announces the stage move and each status change, dated when they happened, in that order', () => {
    const evaluation = firstEvaluation();

    const events = insightEventsFor(evaluation, { producer: 'insights' });

    expect(events.map((e) => [e.source, e.detailType, e.detail.metadata.occurredAt])).toEqual([
      ['hub360.insights', 'LifecycleStageChanged', NOW],
      ['hub360.insights', 'CustomerStatusChanged', NOW],
      ['hub360.insights', 'CustomerStatusChanged', NOW],
    ]);
    expect(events[0]?.detail).toMatchObject({
      schemaVersion: 1,
      customerId: 'C1',
      transitionId: `C1/lifecycle/none>doubtful/${NOW}`,
      from: null,
      to: 'doubtful',
      phase: 'satisfy',
      changedAt: NOW,
      reason: 'paymentProblem',
      evidence: { overdueInvoiceNumbers: ['INV-1'] },
    });
    expect(events.slice(1).map((e) => e.detail.change)).toEqual(evaluation.statusChanges);
  });

  it('keeps event ids stable across releases: a hash of the event name and the insight id', () => {
    const evaluation = firstEvaluation();

    const [stage, risk, profit] = insightEventsFor(evaluation, { producer: 'insights' });

    expect(stage?.detail.metadata.eventId).toBe(
      sha('LifecycleStageChanged', `C1/lifecycle/none>doubtful/${NOW}`),
    );
    expect(risk?.detail.metadata.eventId).toBe(sha('CustomerStatusChanged', `C1/risk/elevated/${NOW}`));
    expect(profit?.detail.metadata.eventId).toBe(sha('CustomerStatusChanged', `C1/profit/unknown/${NOW}`));
  });

  it("derives each event's correlation id from its insight when the cause names none, and keeps the cause's otherwise", () => {
    const evaluation = firstEvaluation();

    const derived = insightEventsFor(evaluation, { producer: 'insights' });
    const given = insightEventsFor(evaluation, { producer: 'insights', correlationId: 'change-7' });

    expect(derived[0]?.detail.metadata.correlationId).toBe(
      sha('correlation', `C1/lifecycle/none>doubtful/${NOW}`),
    );
    expect(new Set(derived.map((e) => e.detail.metadata.correlationId)).size).toBe(3);
    expect(given.map((e) => e.detail.metadata.correlationId)).toEqual(['change-7', 'change-7', 'change-7']);
    expect(given.map((e) => e.detail.metadata.producer)).toEqual(['insights', 'insights', 'insights']);
  });

  it('announces a raised churn warning with its score, signals and value, dated at the opening', () => {
    const evaluation = firstEvaluation();
    const episode: ChurnEpisode = {
      episodeId: 'C1/churn/2026-02-25T00:00:00Z',
      openedAt: '2026-02-25T00:00:00Z',
      scoreAtOpen: 64,
      signalsAtOpen: evaluation.detail.churnWarning.signals,
    };

    const events = insightEventsFor(
      {
        ...evaluation,
        lifecycleTransition: null,
        statusChanges: [],
        churnChange: { kind: 'raised', episode },
      },
      { producer: 'insights' },
    );

    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      detailType: 'ChurnRiskRaised',
      detail: {
        metadata: { occurredAt: '2026-02-25T00:00:00Z', eventId: sha('ChurnRiskRaised', episode.episodeId) },
        customerId: 'C1',
        episodeId: episode.episodeId,
        score: 64,
        signals: episode.signalsAtOpen,
        revenueInValueWindow: 800,
        keyCustomer: false,
        raisedAt: '2026-02-25T00:00:00Z',
      },
    });
  });

  it('announces a cleared churn warning with the closed episode, dated at the close', () => {
    const evaluation = firstEvaluation();

    const events = insightEventsFor(
      {
        ...evaluation,
        lifecycleTransition: null,
        statusChanges: [],
        churnChange: { kind: 'cleared', episode: closedEpisode() },
      },
      { producer: 'insights' },
    );

    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      detailType: 'ChurnRiskCleared',
      detail: {
        metadata: {
          occurredAt: '2026-02-20T00:00:00Z',
          eventId: sha('ChurnRiskCleared', closedEpisode().episodeId),
        },
        customerId: 'C1',
        episode: closedEpisode(),
      },
    });
  });

  it('refuses a result that makes no valid event, naming the event, the insight and each field at fault', () => {
    const evaluation = firstEvaluation();
    const transition = evaluation.lifecycleTransition;
    if (!transition) throw new Error('expected a first transition');
    const broken = {
      ...evaluation,
      lifecycleTransition: { ...transition, at: 'yesterday', to: 'lost' as never },
    };

    const refusal = (() => {
      try {
        insightEventsFor(broken, { producer: 'insights' });
      } catch (err) {
        return err;
      }
      return undefined;
    })();

    expect(refusal).toBeInstanceOf(InvalidInsightEventError);
    expect(refusal).toMatchObject({ name: 'InvalidInsightEventError' });
    // The event's own time is the transition's, so one wrong field fails in two places, each named by its path.
    expect((refusal as Error).message).toMatch(
      new RegExp(
        `^LifecycleStageChanged ${transition.transitionId}: metadata\\.occurredAt: [^;]+; to: [^;]+; changedAt: [^;]+$`,
      ),
    );
  });
});

describe('key-customer events', () => {
  it('announce each newcomer and each dropout with its standing, dated and identified by the computation', () => {
    const at = '2026-03-02T00:00:00Z';
    const computation = computeKeyCustomers(
      [
        { customerId: 'A', revenue: 900 },
        { customerId: 'B', revenue: 100 },
      ],
      config,
      at,
    );

    const events = keyCustomerEventsFor(['B'], computation, { producer: 'population' });

    expect(events.map((e) => e.detail)).toEqual([
      {
        schemaVersion: 1,
        metadata: {
          eventId: sha('KeyCustomerFlagged', `A/key/${at}`),
          correlationId: sha('correlation', `A/key/${at}`),
          occurredAt: at,
          producer: 'population',
        },
        customerId: 'A',
        rank: 1,
        revenue: 900,
        cumulativeShare: 0.9,
        revenueShareRule: 0.8,
        windowStart: '2025-03-02',
        computedAt: at,
      },
      {
        schemaVersion: 1,
        metadata: {
          eventId: sha('KeyCustomerUnflagged', `B/key/${at}`),
          correlationId: sha('correlation', `B/key/${at}`),
          occurredAt: at,
          producer: 'population',
        },
        customerId: 'B',
        rank: 2,
        revenue: 100,
        cumulativeShare: 1,
        revenueShareRule: 0.8,
        windowStart: '2025-03-02',
        computedAt: at,
      },
    ]);
    expect(events.map((e) => e.detailType)).toEqual(['KeyCustomerFlagged', 'KeyCustomerUnflagged']);
  });
});
