import { describe, expect, it } from 'vitest';
import type { ChangeRecord } from '../../../core/events/change-record.ts';
import { insightItemEvents, MalformedInsightsItemError } from '../../../core/events/insight-change-events.ts';
import { mapChangeToEvents } from '../../../core/events/map-change-to-events.ts';
import { evaluateInsights } from '../../../core/insights/evaluate-insights.ts';
import { insightEventsFor } from '../../../core/insights/insight-events.ts';
import { buildInsightsItem } from '../../../core/insights/store/insight-items.ts';
import { defaultInsightsConfig } from '../../../schemas/config/insights-config.ts';
import type { KeyCustomerStanding } from '../../../schemas/entities/customer-insights.ts';
import { factsOf, interaction, invoice, order } from '../insights/records.ts';

// A customer's INSIGHTS item announces what the evaluation that wrote it changed, and a key-customer
// flag that moved between the old and the new image. Items come from the real evaluation.

const AT = '2026-03-02T10:00:00.000Z';
const evaluation = evaluateInsights(
  undefined,
  factsOf(
    order('SO-1', '2025-06-01T09:00:00Z', 30_000, { costAmount: 20_000 }),
    order('SO-2', '2025-08-01T09:00:00Z', 30_000, { costAmount: 20_000 }),
    invoice('INV-1', '2025-12-31', 30_000),
    interaction('T-1', '2026-02-01T10:00:00Z', 'complaint'),
  ),
  defaultInsightsConfig,
  AT,
  { keyCustomer: null, rfmBoundaries: null },
);
const KEYS = { pk: 'CUST#C1', sk: 'INSIGHTS' };

type Image = Record<string, unknown>;
const itemAt = (version: number) => buildInsightsItem(evaluation, version, 'fp', AT) as Image;
/** An item whose write changed nothing but (possibly) the key-customer standing. */
const quietItem = (version: number, keyCustomer: KeyCustomerStanding | null): Image => {
  const item = itemAt(version) as Image & { detail: Image };
  return {
    ...item,
    detail: { ...item.detail, keyCustomer },
    changes: { lifecycleTransition: null, churnChange: null, statusChanges: [] },
  };
};
const standing = (over: Partial<KeyCustomerStanding> = {}): KeyCustomerStanding => ({
  flagged: true,
  rank: 2,
  revenue: 60_000,
  cumulativeShare: 0.4,
  revenueShareRule: 0.8,
  windowStart: '2025-03-02',
  computedAt: AT,
  ...over,
});

const changeOf = (
  newImage: Image | undefined,
  oldImage?: Image,
  over: Partial<ChangeRecord> = {},
): ChangeRecord => ({
  eventName: oldImage ? 'MODIFY' : 'INSERT',
  sequenceNumber: '3',
  approximateCreationDateTime: 1_772_000_000,
  keys: KEYS,
  ...(newImage ? { newImage } : {}),
  ...(oldImage ? { oldImage } : {}),
  ...over,
});
const eventsOf = (change: ChangeRecord) => insightItemEvents(change, 'stream-publisher');

describe('insightItemEvents: what the evaluation changed', () => {
  it('announces exactly the changes the item records, as the insights code describes them', () => {
    const expected = insightEventsFor(evaluation, { producer: 'stream-publisher' });
    expect(expected.length).toBeGreaterThan(0);
    expect(eventsOf(changeOf(itemAt(1)))).toEqual(expected);
  });

  it('announces a newer version over an older one, and nothing for the same or an older version', () => {
    expect(eventsOf(changeOf(itemAt(2), itemAt(1))).length).toBeGreaterThan(0);
    expect(eventsOf(changeOf(itemAt(2), itemAt(2)))).toEqual([]);
    expect(eventsOf(changeOf(itemAt(2), itemAt(3)))).toEqual([]);
  });

  it('announces nothing for a removed item or a change without a new image', () => {
    expect(eventsOf(changeOf(itemAt(1), itemAt(1), { eventName: 'REMOVE' }))).toEqual([]);
    expect(eventsOf(changeOf(itemAt(1), undefined, { eventName: 'REMOVE' }))).toEqual([]);
    expect(eventsOf(changeOf(undefined, itemAt(1)))).toEqual([]);
  });

  it('refuses a malformed item, naming item key and every field at fault', () => {
    const broken = { ...itemAt(1), version: 0, customerId: 7 };
    let error: unknown;
    try {
      eventsOf(changeOf(broken));
    } catch (err: unknown) {
      error = err;
    }
    expect(error).toBeInstanceOf(MalformedInsightsItemError);
    expect((error as Error).name).toBe('MalformedInsightsItemError');
    expect((error as Error).message).toMatch(/^insights item CUST#C1\/INSIGHTS: customerId: .+; version: .+/);
  });

  it('refuses a malformed old image too, naming the nested field', () => {
    const old = quietItem(1, null) as Image & { detail: Image };
    const broken = { ...old, detail: { ...old.detail, keyCustomer: { flagged: 'yes' } } };
    expect(() => eventsOf(changeOf(quietItem(2, null), broken))).toThrow(/detail\.keyCustomer\.flagged: /);
  });

  it('is what the change feed publishes for an insights item', () => {
    const change = changeOf(itemAt(1));
    expect(mapChangeToEvents(change)).toEqual(eventsOf(change));
  });
});

describe('insightItemEvents: the key-customer flag', () => {
  it('announces a customer newly flagged, with rank, revenue and shares of the standing', () => {
    const events = eventsOf(changeOf(quietItem(2, standing()), quietItem(1, null)));
    expect(events.map((e) => e.detailType)).toEqual(['KeyCustomerFlagged']);
    expect(events[0]?.detail).toMatchObject({
      customerId: 'C1',
      rank: 2,
      revenue: 60_000,
      cumulativeShare: 0.4,
      revenueShareRule: 0.8,
      windowStart: '2025-03-02',
      computedAt: AT,
    });
  });

  it('announces a first item that is already flagged', () => {
    const events = eventsOf(changeOf(quietItem(1, standing())));
    expect(events.map((e) => e.detailType)).toEqual(['KeyCustomerFlagged']);
  });

  it('reports a missing cumulative share of a ranked customer as zero', () => {
    const [event] = eventsOf(changeOf(quietItem(2, standing({ cumulativeShare: null })), quietItem(1, null)));
    expect(event?.detail).toMatchObject({ rank: 2, cumulativeShare: 0 });
  });

  it('announces a flag lost, with no rank when the customer had no revenue in the window', () => {
    const lost = standing({ flagged: false, rank: null, revenue: 0, cumulativeShare: null });
    const events = eventsOf(changeOf(quietItem(2, lost), quietItem(1, standing())));
    expect(events.map((e) => e.detailType)).toEqual(['KeyCustomerUnflagged']);
    expect(events[0]?.detail).toMatchObject({
      customerId: 'C1',
      rank: null,
      revenue: 0,
      cumulativeShare: null,
    });
  });

  it('announces a flag lost by a still-ranked customer with its rank', () => {
    const lost = standing({ flagged: false, rank: 9, cumulativeShare: 0.95 });
    const events = eventsOf(changeOf(quietItem(2, lost), quietItem(1, standing())));
    expect(events.map((e) => e.detailType)).toEqual(['KeyCustomerUnflagged']);
    expect(events[0]?.detail).toMatchObject({ rank: 9, cumulativeShare: 0.95 });
  });

  it('announces nothing when the flag stays, or when the new item holds no standing at all', () => {
    expect(eventsOf(changeOf(quietItem(2, standing({ rank: 1 })), quietItem(1, standing())))).toEqual([]);
    expect(eventsOf(changeOf(quietItem(2, null), quietItem(1, standing())))).toEqual([]);
    expect(eventsOf(changeOf(quietItem(2, standing({ flagged: false })), quietItem(1, null)))).toEqual([]);
  });
});
