import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldRecordIntoFacts } from '../../../core/insights/customer-facts.ts';
import { evaluateInsights, type InsightContext } from '../../../core/insights/evaluate-insights.ts';
import { insightEventsFor } from '../../../core/insights/insight-events.ts';
import {
  defaultInsightsConfig as config,
  InsightsConfigSchema,
} from '../../../schemas/config/insights-config.ts';
import { parseConfig } from '../../../schemas/config/parse-config.ts';
import type { CanonicalRecord } from '../../../schemas/entities/canonical-record.ts';
import type { CustomerFacts } from '../../../schemas/entities/customer-facts.ts';
import {
  CustomerInsightsDetailSchema,
  type CustomerInsightsState,
} from '../../../schemas/entities/customer-insights.ts';
import { insightEvents } from '../../../schemas/events/insight-events.ts';
import { propertyRuns } from '../../support/property-runs.ts';
import { factsOf, interaction, invoice, order } from './records.ts';

const NOW = '2026-03-01T00:00:00Z';
const noContext: InsightContext = { keyCustomer: null, rfmBoundaries: null };
const records: CanonicalRecord[] = [
  order('SO-1', '2025-06-01T09:00:00Z', 30_000, { costAmount: 20_000 }),
  order('SO-2', '2025-08-01T09:00:00Z', 30_000, { costAmount: 20_000 }),
  order('SO-3', '2025-10-01T09:00:00Z', 30_000, { costAmount: 20_000 }),
  invoice('INV-1', '2025-12-31', 30_000),
  interaction('T-1', '2026-02-01T10:00:00Z', 'complaint'),
];

describe('evaluateInsights', () => {
  it('gives a new customer a stage, both statuses and a scorecard, and announces them with valid events', () => {
    const result = evaluateInsights(undefined, factsOf(...records), config, NOW, noContext);
    const events = insightEventsFor(result, { producer: 'insights', correlationId: 'change-1' });

    expect(CustomerInsightsDetailSchema.parse(result.detail)).toEqual(result.detail);
    expect(result.detail.lifecycle).toMatchObject({
      stage: 'doubtful',
      phase: 'satisfy',
      reason: 'complaint',
      since: NOW,
    });
    expect(result.detail.risk).toMatchObject({ value: 'high', reason: 'longOverdue' });
    expect(events.map((e) => e.detailType)).toEqual([
      'LifecycleStageChanged',
      'ChurnRiskRaised',
      'CustomerStatusChanged',
      'CustomerStatusChanged',
    ]);
    for (const event of events) {
      const definition = insightEvents[event.detailType as keyof typeof insightEvents];
      expect(definition.source).toBe('hub360.insights');
      expect(() => definition.detail.parse(event.detail)).not.toThrow();
      expect(event.detail.metadata).toMatchObject({ producer: 'insights', correlationId: 'change-1' });
    }
  });

  it('derives event ids from the insight, so the same evaluation twice yields the same ids', () => {
    const once = insightEventsFor(evaluateInsights(undefined, factsOf(...records), config, NOW, noContext), {
      producer: 'p',
    });
    const twice = insightEventsFor(evaluateInsights(undefined, factsOf(...records), config, NOW, noContext), {
      producer: 'p',
    });

    expect(twice.map((e) => e.detail.metadata.eventId)).toEqual(once.map((e) => e.detail.metadata.eventId));
    expect(new Set(once.map((e) => e.detail.metadata.eventId)).size).toBe(once.length);
  });

  it('announces nothing when evaluated again with its own state, at the same or an earlier time', () => {
    const facts = factsOf(...records);
    const first = evaluateInsights(undefined, facts, config, NOW, noContext);

    const again = evaluateInsights(first.state, facts, config, NOW, noContext);
    const stale = evaluateInsights(first.state, facts, config, '2026-02-01T00:00:00Z', noContext);

    expect(insightEventsFor(again, { producer: 'p' })).toEqual([]);
    expect(insightEventsFor(stale, { producer: 'p' })).toEqual([]);
    expect(again.state).toEqual(first.state);
  });

  it('reaches the same state whatever order changes arrive in and however often they are redelivered (property)', () => {
    const expected = evaluateInsights(undefined, factsOf(...records), config, NOW, noContext).state;
    fc.assert(
      fc.property(
        fc.shuffledSubarray(records, { minLength: records.length }),
        fc.array(fc.nat(records.length - 1), { maxLength: 4 }),
        (shuffled, redelivered) => {
          let facts: CustomerFacts = factsOf();
          let state: CustomerInsightsState | undefined;
          for (const record of [...shuffled, ...redelivered.map((i) => records[i] as CanonicalRecord)]) {
            facts = foldRecordIntoFacts(facts, record);
            state = evaluateInsights(state, facts, config, NOW, noContext).state;
          }
          expect(state?.lifecycle.stage).toBe(expected.lifecycle.stage);
          expect(state?.status.risk.value).toBe(expected.status.risk.value);
          expect(state?.status.profit.value).toBe(expected.status.profit.value);
          const settled = evaluateInsights(state, facts, config, NOW, noContext);
          expect(insightEventsFor(settled, { producer: 'p' })).toEqual([]);
        },
      ),
      { numRuns: propertyRuns(100) },
    );
  });
});

describe('insights configuration', () => {
  it('names the field that is wrong', () => {
    expect(() =>
      parseConfig(
        InsightsConfigSchema,
        { churn: { raiseAtScore: 30, clearBelowScore: 50 } },
        'insights config',
      ),
    ).toThrow(/churn\.clearBelowScore: must not be above raiseAtScore/);
    expect(() =>
      parseConfig(InsightsConfigSchema, { keyCustomers: { revenueShare: 1.5 } }, 'insights config'),
    ).toThrow(/keyCustomers\.revenueShare/);
  });

  it('fills every default when only one field is given', () => {
    const parsed = parseConfig(
      InsightsConfigSchema,
      { lifecycle: { churnedAfterDays: 1000 } },
      'insights config',
    );

    expect(parsed.lifecycle).toEqual({ ...config.lifecycle, churnedAfterDays: 1000 });
    expect(parsed.keyCustomers).toEqual({ revenueShare: 0.8, windowMonths: 12 });
  });
});
