import { describe, expect, it } from 'vitest';
import {
  availableStock,
  computePartDemand,
  type DemandInputs,
  evaluateDemandSignal,
  plannedOrderDelivery,
} from '../../../core/demand/index.ts';
import { DemandConfigSchema } from '../../../schemas/config/demand-config.ts';
import type { InventoryData } from '../../../schemas/entities/inventory.ts';
import type { OrderData } from '../../../schemas/entities/order.ts';
import {
  DemandSignalRaised,
  DemandSignalSuperseded,
  DemandSignalWithdrawn,
} from '../../../schemas/events/demand-events.ts';

const NOW = new Date('2026-03-02T10:00:00Z'); // a Monday
const PART = 'P-100';
const config = DemandConfigSchema.parse({
  quoteWinRate: 0.3,
  viewConversionRate: 0.01,
  cartAddConversionRate: 0.2,
});

const order = (
  orderNumber: string,
  status: OrderData['status'],
  quantity: number,
  requested: string,
): OrderData => ({
  orderNumber,
  orderedAt: '2026-02-01T08:00:00Z',
  status,
  currency: 'EUR',
  netAmount: 1000,
  lines: [{ lineNumber: '10', partNumber: PART, quantity, requestedDeliveryDate: requested }],
});

const views = (count: number, at: string) =>
  Array.from({ length: count }, (_, i) => ({
    eventId: `view-${at}-${i}`,
    kind: 'productView' as const,
    partNumber: PART,
    observedAt: at,
  }));

/**
 * The hand-worked example (docs/reactions.md walks through the same numbers):
 *   O1 confirmed 10 on 03-05, 4 shipped   → order 6 on 03-05
 *   O2 open 5, requested 02-20 (passed)    → order 5 on 03-02 (today)
 *   O3 delivered 50                        → nothing (not open)
 *   Q1 quote 20 on 03-10 × win rate 0.3    → quote 6 on 03-10
 *   O4 confirmed 8 on 04-30                → order 8 on 04-30 (beyond a 14-day lead time)
 *   50 views × 0.01 + 2 cart adds × 0.2    → web 0.9 today; a view 20 days old is outside the window
 */
const inputs: DemandInputs = {
  orders: [
    { customerId: 'C1', order: order('O1', 'confirmed', 10, '2026-03-05') },
    { customerId: 'C2', order: order('O2', 'open', 5, '2026-02-20') },
    { customerId: 'C2', order: order('O3', 'delivered', 50, '2026-02-25') },
    { customerId: 'C3', order: order('Q1', 'quote', 20, '2026-03-10') },
    { customerId: 'C4', order: order('O4', 'confirmed', 8, '2026-04-30') },
  ],
  shipments: [
    {
      shipmentNumber: 'S1',
      orderNumber: 'O1',
      status: 'shipped',
      promisedDate: '2026-03-05',
      lines: [{ partNumber: PART, quantity: 4 }],
    },
  ],
  webInterest: [
    ...views(50, '2026-03-01T12:00:00Z'),
    {
      eventId: 'cart-1',
      customerId: 'C5',
      kind: 'cartAdd',
      partNumber: PART,
      observedAt: '2026-03-02T09:00:00Z',
    },
    { eventId: 'cart-2', kind: 'cartAdd', partNumber: PART, observedAt: '2026-02-27T09:00:00Z' },
    { eventId: 'old-view', kind: 'productView', partNumber: PART, observedAt: '2026-02-10T09:00:00Z' },
    { eventId: 'other-part', kind: 'cartAdd', partNumber: 'P-200', observedAt: '2026-03-02T09:00:00Z' },
  ],
};

const site = (site: string, onHand: number, inbound: number, allocated: number): InventoryData => ({
  partNumber: PART,
  site,
  onHand,
  inbound,
  allocated,
  leadTimeDays: 14,
});

describe('demand per part and day', () => {
  it('sums open order quantity less shipped, weighted quotes and converted web interest per day', () => {
    const demand = computePartDemand(PART, inputs, config, NOW);

    expect(demand.days).toEqual([
      { day: '2026-03-02', order: 5, quote: 0, web: 0.9, total: 5.9 },
      { day: '2026-03-05', order: 6, quote: 0, web: 0, total: 6 },
      { day: '2026-03-10', order: 0, quote: 6, web: 0, total: 6 },
      { day: '2026-04-30', order: 8, quote: 0, web: 0, total: 8 },
    ]);
  });

  it('keeps one piece of evidence per contributing record, with its weight', () => {
    const demand = computePartDemand(PART, inputs, config, NOW);

    expect(demand.evidence.filter((e) => e.source === 'web')).toHaveLength(52);
    expect(demand.evidence).toContainEqual({
      source: 'order',
      reference: 'O1/10',
      customerId: 'C1',
      day: '2026-03-05',
      rawQuantity: 6,
      weight: 1,
      quantity: 6,
    });
    expect(demand.evidence).toContainEqual(
      expect.objectContaining({ reference: 'Q1/10', rawQuantity: 20, weight: 0.3 }),
    );
    expect(demand.evidence.some((e) => e.reference === 'O3/10' || e.reference === 'old-view')).toBe(false);
  });

  it('adds stock over every site: on hand + inbound − allocated, when no counted order accounts for the allocation', () => {
    const stock = availableStock(PART, [
      site('HH1', 10, 2, 3),
      site('CHI', 4, 0, 1),
      { ...site('X', 99, 0, 0), partNumber: 'P-200' },
    ]);

    expect(stock).toEqual({
      onHand: 14,
      inbound: 2,
      allocated: 4,
      allocatedToCountedOrders: 0,
      available: 12,
      sites: 2,
    });
  });
});

describe('evaluateDemandSignal', () => {
  // Computed inside each test (not once for the describe block), so mutation testing sees which
  // tests exercise the demand computation.
  const evaluate = (
    available: number,
    previousSignal?: Parameters<typeof evaluateDemandSignal>[0]['previousSignal'],
  ) =>
    evaluateDemandSignal({
      partNumber: PART,
      demand: computePartDemand(PART, inputs, config, NOW),
      stock: { onHand: available, inbound: 0, allocated: 0, available, sites: 1 },
      leadTimeDays: 14,
      safetyStock: 2,
      now: NOW,
      previousSignal,
      config,
    });

  it('raises a signal for the shortage over the lead time, needed on the day demand eats into safety stock', () => {
    // Demand to 03-16: 5.9 + 6 + 6 = 17.9; coverable 12 − 2 = 10; short 7.9 → 8 units; 5.9 + 6 > 10 on 03-05.
    const decision = evaluate(12);

    expect(decision.action).toBe('raise');
    if (decision.action !== 'raise') return;
    expect(decision.detail).toMatchObject({
      signalKey: 'PIR-P-100-1000-20260302',
      revision: 1,
      quantityShort: 8,
      needBy: '2026-03-05',
      period: { start: '2026-03-02', end: '2026-03-08' },
      basis: {
        demand: 17.9,
        bySource: { order: 11, quote: 6, web: 0.9 },
        safetyStock: 2,
        horizonEnd: '2026-03-16',
      },
      plannedOrder: {
        requirementKey: 'PIR-P-100-1000-20260302',
        material: PART,
        plant: '1000',
        items: [{ periodType: 'D', requirementDate: '2026-03-05', plannedQuantity: 8, unit: 'EA' }],
      },
    });
    expect(decision.detail.evidence.some((e) => e.reference === 'O4/10')).toBe(false);
    expect(() =>
      DemandSignalRaised.detail.parse({ ...decision.detail, schemaVersion: 1, metadata: metadata() }),
    ).not.toThrow();
  });

  it('does nothing when stock and safety stock cover the demand', () => {
    expect(evaluate(20).action).toBe('none');
  });

  it('supersedes the open signal under the same key when the shortage changes', () => {
    const raised = evaluate(12);
    if (raised.action !== 'raise') throw new Error('expected a raise');

    // Coverable 13: short 4.9 → 5 units, and the stock now lasts until the quote's day.
    const decision = evaluate(15, raised.next);

    expect(decision.action).toBe('supersede');
    if (decision.action !== 'supersede') return;
    expect(decision.detail).toMatchObject({
      signalKey: raised.detail.signalKey,
      revision: 2,
      quantityShort: 5,
      previousQuantityShort: 8,
      needBy: '2026-03-10',
      previousNeedBy: '2026-03-05',
    });
    expect(decision.detail.idempotencyKey).not.toBe(raised.detail.idempotencyKey);
    expect(() =>
      DemandSignalSuperseded.detail.parse({ ...decision.detail, schemaVersion: 1, metadata: metadata() }),
    ).not.toThrow();
  });

  it('leaves the open signal alone when the same shortage is evaluated again', () => {
    const raised = evaluate(12);
    if (raised.action !== 'raise') throw new Error('expected a raise');

    expect(evaluate(12, raised.next).action).toBe('none');
  });

  it('withdraws the open signal once the shortage is resolved, and then stays quiet', () => {
    const raised = evaluate(12);
    if (raised.action !== 'raise') throw new Error('expected a raise');

    const withdrawn = evaluate(30, raised.next);

    expect(withdrawn.action).toBe('withdraw');
    if (withdrawn.action !== 'withdraw') return;
    expect(withdrawn.detail).toMatchObject({
      signalKey: raised.detail.signalKey,
      revision: 2,
      previousQuantityShort: 8,
    });
    expect(withdrawn.next.status).toBe('withdrawn');
    expect(() =>
      DemandSignalWithdrawn.detail.parse({ ...withdrawn.detail, schemaVersion: 1, metadata: metadata() }),
    ).not.toThrow();
    expect(evaluate(30, withdrawn.next).action).toBe('none');
  });

  it('raises again under the same key with a new revision when a withdrawn shortage returns in the period', () => {
    const raised = evaluate(12);
    if (raised.action !== 'raise') throw new Error('expected a raise');
    const withdrawn = evaluate(30, raised.next);
    if (withdrawn.action !== 'withdraw') throw new Error('expected a withdrawal');

    const again = evaluate(12, withdrawn.next);

    expect(again.action).toBe('raise');
    if (again.action !== 'raise') return;
    expect(again.detail.signalKey).toBe(raised.detail.signalKey);
    expect(again.detail.revision).toBe(3);
    expect(again.detail.idempotencyKey).not.toBe(raised.detail.idempotencyKey);
  });

  it('gives a redelivered decision the same idempotency key and the same ERP call', () => {
    const first = evaluate(12);
    const redelivered = evaluate(12);

    const a = plannedOrderDelivery(first, 'http://erp.example/planned-orders/');
    const b = plannedOrderDelivery(redelivered, 'http://erp.example/planned-orders/');

    expect(a).toEqual(b);
    expect(a).toMatchObject({
      method: 'PUT',
      url: 'http://erp.example/planned-orders/PIR-P-100-1000-20260302',
      headers: { 'idempotency-key': expect.stringContaining('PIR-P-100-1000-20260302.r1.raise') },
    });
  });

  it('turns a withdrawal into a DELETE of the planned order and a no-op into no call', () => {
    const raised = evaluate(12);
    if (raised.action !== 'raise') throw new Error('expected a raise');

    expect(plannedOrderDelivery(evaluate(30, raised.next), 'http://erp/po')).toMatchObject({
      method: 'DELETE',
      url: 'http://erp/po/PIR-P-100-1000-20260302',
    });
    expect(plannedOrderDelivery(evaluate(20), 'http://erp/po')).toBeUndefined();
  });

  it('needs material today when stock is already below safety stock', () => {
    const decision = evaluate(1);

    expect(decision.action === 'raise' && decision.detail.needBy).toBe('2026-03-02');
  });
});

const metadata = () => ({
  eventId: 'e-1',
  correlationId: 'c-1',
  occurredAt: NOW.toISOString(),
  producer: 'demand-evaluator',
});
