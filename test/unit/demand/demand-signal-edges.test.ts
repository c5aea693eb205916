import { describe, expect, it } from 'vitest';
import type { PartDemand } from '../../../core/demand/compute-demand.ts';
import { decidePartSignal, partDemandPicture } from '../../../core/demand/decide-part-signal.ts';
import { buildDemandPicture } from '../../../core/demand/demand-picture.ts';
import { evaluateDemandSignal } from '../../../core/demand/evaluate-demand-signal.ts';
import { plannedOrderDelivery } from '../../../core/demand/planned-order-delivery.ts';
import {
  buildDemandSignalItem,
  buildDemandSignalRevisionItem,
  DemandSignalItemSchema,
  DemandSignalRevisionItemSchema,
  demandSignalItemKey,
  signalHistoryPk,
  signalRevisionSk,
} from '../../../core/demand/signal-item.ts';
import type { PartDemandSnapshot } from '../../../core/ports/demand-store.ts';
import { DemandConfigSchema } from '../../../schemas/config/demand-config.ts';
import type { DemandSignalState } from '../../../schemas/entities/demand-signal.ts';
import type { AvailableStock, DemandEvidence } from '../../../schemas/events/demand-events.ts';

const NOW = new Date('2026-03-04T10:00:00Z'); // a Wednesday
const PART = 'P-1';

const evidence = (reference: string, day: string, quantity: number): DemandEvidence => ({
  source: 'order',
  reference,
  customerId: 'C1',
  day,
  rawQuantity: quantity,
  weight: 1,
  quantity,
});
/** Demand from order evidence only, summed per day as computeDemand would. */
const demandOf = (...items: DemandEvidence[]): PartDemand => {
  const byDay = new Map<string, number>();
  for (const item of items) byDay.set(item.day, (byDay.get(item.day) ?? 0) + item.quantity);
  return {
    partNumber: PART,
    days: [...byDay.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, order]) => ({ day, order, quote: 0, web: 0, total: order })),
    evidence: items,
  };
};
const stock = (available: number): AvailableStock => ({
  onHand: available,
  inbound: 0,
  allocated: 0,
  available,
  sites: 1,
});
const evaluate = (
  demand: PartDemand,
  available: number,
  options: {
    safetyStock?: number;
    previousSignal?: DemandSignalState;
    unit?: string;
    minimumQuantityChange?: number;
  } = {},
) =>
  evaluateDemandSignal({
    partNumber: PART,
    demand,
    stock: stock(available),
    leadTimeDays: 7,
    safetyStock: options.safetyStock ?? 0,
    now: NOW,
    previousSignal: options.previousSignal,
    ...(options.minimumQuantityChange === undefined
      ? {}
      : { config: DemandConfigSchema.parse({ minimumQuantityChange: options.minimumQuantityChange }) }),
    ...(options.unit === undefined ? {} : { unit: options.unit }),
  });
const raised = (demand: PartDemand, available: number) => {
  const decision = evaluate(demand, available);
  if (decision.action !== 'raise') throw new Error(`expected a raise, got ${decision.action}`);
  return decision;
};

describe('the shortage over the lead time', () => {
  it('counts demand up to and including the horizon end, not after', () => {
    // Horizon: 2026-03-04 + 7 days = 2026-03-11.
    const decision = raised(demandOf(evidence('A', '2026-03-11', 3), evidence('B', '2026-03-12', 50)), 0);

    expect(decision.detail.quantityShort).toBe(3);
    expect(decision.detail.basis).toMatchObject({ demand: 3, horizonEnd: '2026-03-11', leadTimeDays: 7 });
    expect(decision.detail.evidence.map((e) => e.reference)).toEqual(['A']);
  });

  it('needs the material on the first day cumulative demand passes what stock can cover', () => {
    const demand = demandOf(
      evidence('A', '2026-03-05', 4),
      evidence('B', '2026-03-06', 4),
      evidence('C', '2026-03-09', 4),
    );

    expect(raised(demand, 8).detail).toMatchObject({ needBy: '2026-03-09', quantityShort: 4 });
    expect(raised(demand, 7).detail).toMatchObject({ needBy: '2026-03-06', quantityShort: 5 });
  });

  it('rounds a fraction of a unit short up to a whole unit, but not rounding noise', () => {
    expect(raised(demandOf(evidence('A', '2026-03-05', 2.1)), 0).detail.quantityShort).toBe(3);
    expect(evaluate(demandOf(evidence('A', '2026-03-05', 2 + 1e-12)), 2).action).toBe('none');
    expect(raised(demandOf(evidence('A', '2026-03-05', 3 + 1e-12)), 1).detail.quantityShort).toBe(2);
  });

  it('reserves safety stock: demand equal to stock less safety stock is covered, one more unit is not', () => {
    expect(evaluate(demandOf(evidence('A', '2026-03-05', 6)), 10, { safetyStock: 4 })).toMatchObject({
      action: 'none',
      reason: 'stock covers demand over the lead time',
      basis: { demand: 6, safetyStock: 4, stock: stock(10) },
    });
    const short = evaluate(demandOf(evidence('A', '2026-03-05', 7)), 10, { safetyStock: 4 });
    expect(short.action === 'raise' && short.detail.quantityShort).toBe(1);
  });

  it('needs material today when stock is below safety stock, even with no demand in the horizon', () => {
    const decision = evaluate(demandOf(), 1, { safetyStock: 3 });

    expect(decision.action === 'raise' && [decision.detail.needBy, decision.detail.quantityShort]).toEqual([
      '2026-03-04',
      2,
    ]);
  });

  it('sums the basis per source, rounded to thousandths', () => {
    const demand: PartDemand = {
      partNumber: PART,
      days: [
        { day: '2026-03-05', order: 1.00049, quote: 0.3333, web: 0.0101, total: 1.34389 },
        { day: '2026-03-06', order: 2, quote: 0.3333, web: 0.0101, total: 2.3434 },
      ],
      evidence: [],
    };

    expect(raised(demand, 0).detail.basis).toMatchObject({
      demand: 3.687,
      bySource: { order: 3, quote: 0.667, web: 0.02 },
    });
  });

  it('carries the 200 largest contributions, ties by reference', () => {
    const many = Array.from({ length: 205 }, (_, i) =>
      evidence(`R${String(i).padStart(3, '0')}`, '2026-03-05', i < 5 ? 1 : 2),
    );
    const ties = raised(
      demandOf(
        evidence('B', '2026-03-05', 1),
        evidence('A', '2026-03-05', 1),
        evidence('C', '2026-03-05', 5),
      ),
      0,
    );

    const carried = raised(demandOf(...many), 0).detail.evidence;

    expect(carried).toHaveLength(200);
    expect(carried.some((e) => e.quantity === 1)).toBe(false);
    expect(ties.detail.evidence.map((e) => e.reference)).toEqual(['C', 'A', 'B']);
  });
});

describe('raising, superseding and withdrawing', () => {
  const demand = demandOf(evidence('A', '2026-03-05', 10));

  it('raises a planned order for the default plant, in units of EA unless the part says otherwise', () => {
    const decision = raised(demand, 0);

    expect(decision.detail).toMatchObject({
      signalKey: 'PIR-P-1-1000-20260302',
      revision: 1,
      plant: '1000',
      period: { start: '2026-03-02', end: '2026-03-08' },
      plannedOrder: {
        requirementKey: 'PIR-P-1-1000-20260302',
        material: PART,
        plant: '1000',
        requirementType: 'LSF',
        version: '00',
        items: [{ periodType: 'D', requirementDate: '2026-03-05', plannedQuantity: 10, unit: 'EA' }],
      },
    });
    expect(decision.next).toEqual({
      signalKey: 'PIR-P-1-1000-20260302',
      partNumber: PART,
      plant: '1000',
      status: 'open',
      revision: 1,
      quantityShort: 10,
      needBy: '2026-03-05',
      period: { start: '2026-03-02', end: '2026-03-08' },
      decidedAt: '2026-03-04T10:00:00.000Z',
    });
    const inKilograms = evaluate(demand, 0, { unit: 'KG' });
    expect(inKilograms.action === 'raise' && inKilograms.detail.plannedOrder.items[0]?.unit).toBe('KG');
  });

  it('starts a new signal at revision 1 when the withdrawn one belonged to another period', () => {
    const old = raised(demand, 0).next;
    const withdrawnLastPeriod: DemandSignalState = {
      ...old,
      signalKey: 'PIR-P-1-1000-20260223',
      status: 'withdrawn',
      revision: 4,
    };

    const decision = raised(demand, 0);
    const again = evaluate(demand, 0, { previousSignal: withdrawnLastPeriod });

    expect(again.action === 'raise' && again.detail.revision).toBe(1);
    expect(decision.detail.revision).toBe(1);
  });

  it('keeps the open signal for a change smaller than the minimum, supersedes it from the minimum on', () => {
    const open = raised(demand, 0).next;

    expect(evaluate(demand, 1, { previousSignal: open, minimumQuantityChange: 2 })).toMatchObject({
      action: 'none',
      reason: 'the open planned order already covers the shortage',
    });
    expect(evaluate(demand, 2, { previousSignal: open, minimumQuantityChange: 2 }).action).toBe('supersede');
    expect(evaluate(demand, 1, { previousSignal: open }).action).toBe('supersede');
  });

  it("supersedes under the open signal's key, plant and period when only the date moved", () => {
    const open = { ...raised(demand, 0).next, plant: '2000', needBy: '2026-03-06' };

    const decision = evaluate(demand, 0, { previousSignal: open });

    expect(decision.action).toBe('supersede');
    if (decision.action !== 'supersede') return;
    expect(decision.detail).toMatchObject({
      signalKey: open.signalKey,
      plant: '2000',
      period: open.period,
      revision: 2,
      quantityShort: 10,
      previousQuantityShort: 10,
      needBy: '2026-03-05',
      previousNeedBy: '2026-03-06',
      plannedOrder: { plant: '2000', requirementKey: open.signalKey },
    });
    expect(decision.detail.idempotencyKey).toContain('.r2.supersede.');
    expect(decision.next).toEqual({
      ...open,
      revision: 2,
      quantityShort: 10,
      needBy: '2026-03-05',
      decidedAt: NOW.toISOString(),
    });
  });

  it('withdraws with the previous shortage and a withdrawn state that owes nothing', () => {
    const open = raised(demand, 0).next;

    const decision = evaluate(demand, 50, { previousSignal: open });

    expect(decision.action).toBe('withdraw');
    if (decision.action !== 'withdraw') return;
    expect(decision.detail).toMatchObject({
      signalKey: open.signalKey,
      revision: 2,
      plant: '1000',
      period: open.period,
      previousQuantityShort: 10,
      partNumber: PART,
    });
    expect(decision.detail.idempotencyKey).toContain('.r2.withdraw.');
    expect(decision.next).toEqual({
      ...open,
      status: 'withdrawn',
      revision: 2,
      quantityShort: 0,
      decidedAt: NOW.toISOString(),
    });
  });
});

describe('the ERP call of a decision', () => {
  const demand = demandOf(evidence('A', '2026-03-05', 10));

  it('puts the planned order as JSON under its key, whatever slashes end the base URL', () => {
    const decision = raised(demand, 0);

    expect(plannedOrderDelivery(decision, 'https://erp.example/api//')).toEqual({
      method: 'PUT',
      url: 'https://erp.example/api/PIR-P-1-1000-20260302',
      headers: { 'idempotency-key': decision.detail.idempotencyKey, 'content-type': 'application/json' },
      body: JSON.stringify(decision.detail.plannedOrder),
    });
  });

  it('escapes a key that is not safe in a path, and deletes without a body on withdrawal', () => {
    const open = { ...raised(demand, 0).next, signalKey: 'PIR A/B' };
    const withdrawal = evaluate(demand, 50, { previousSignal: open });

    expect(plannedOrderDelivery(withdrawal, 'https://erp.example/api')).toEqual({
      method: 'DELETE',
      url: 'https://erp.example/api/PIR%20A%2FB',
      headers: {
        'idempotency-key': withdrawal.action === 'withdraw' ? withdrawal.detail.idempotencyKey : '',
      },
    });
  });
});

describe('signal items', () => {
  // Decided inside each test (not once for the block), so mutation testing counts these tests as covering it.
  const decide = () => raised(demandOf(evidence('A', '2026-03-05', 10)), 0);

  it('stores the signal state beside the part, guarded by its revision, with the decision for the change feed', () => {
    const decision = decide();
    const item = buildDemandSignalItem(PART, decision);

    expect(item).toEqual({
      pk: demandSignalItemKey(PART).pk,
      sk: 'DEMAND-SIGNAL',
      kind: 'demandSignal',
      partNumber: PART,
      revision: 1,
      signal: decision.next,
      decision: { action: 'raise', detail: decision.detail },
    });
    expect(DemandSignalItemSchema.parse(item)).toMatchObject({ kind: 'demandSignal', revision: 1 });
  });

  it('keeps each revision in a history partition of its own, sorted numerically', () => {
    const decision = decide();
    const item = buildDemandSignalRevisionItem(PART, decision);

    expect(item).toEqual({
      pk: signalHistoryPk(PART),
      sk: 'REV#0000000001',
      kind: 'demandSignalRevision',
      partNumber: PART,
      action: 'raise',
      signal: decision.next,
    });
    expect(signalHistoryPk(PART)).toBe(`${demandSignalItemKey(PART).pk}#SIGNAL-HISTORY`);
    expect(signalRevisionSk(12) > signalRevisionSk(9)).toBe(true);
    expect(DemandSignalRevisionItemSchema.parse(item).action).toBe('raise');
  });

  it('rejects a stored signal item without a part number, a positive revision or a known action', () => {
    const decision = decide();
    const item = buildDemandSignalItem(PART, decision);

    expect(DemandSignalItemSchema.safeParse({ ...item, partNumber: '' }).success).toBe(false);
    expect(DemandSignalItemSchema.safeParse({ ...item, revision: 0 }).success).toBe(false);
    expect(DemandSignalItemSchema.safeParse({ ...item, kind: 'record' }).success).toBe(false);
    expect(
      DemandSignalItemSchema.safeParse({ ...item, decision: { action: 'none', detail: {} } }).success,
    ).toBe(false);
    expect(
      DemandSignalRevisionItemSchema.safeParse({
        ...buildDemandSignalRevisionItem(PART, decision),
        partNumber: '',
      }).success,
    ).toBe(false);
  });
});

describe('demand picture', () => {
  const signal = (revision: number): DemandSignalState => ({
    ...raised(demandOf(evidence('A', '2026-03-05', 10)), 0).next,
    revision,
  });
  const picture = (current: DemandSignalState | undefined, history: DemandSignalState[]) =>
    buildDemandPicture({
      demand: {
        partNumber: PART,
        days: [
          { day: '2026-03-05', order: 0.1, quote: 0.2, web: 0.0001, total: 0.3001 },
          { day: '2026-03-06', order: 0.2, quote: 0.1, web: 0.0002, total: 0.3002 },
        ],
        evidence: [],
      },
      stock: stock(3),
      leadTimeDays: 7,
      safetyStock: 1,
      signal: current,
      signalHistory: history,
      now: NOW,
    });

  it('totals demand per source over all days, rounded to six places', () => {
    expect(picture(undefined, []).totals).toEqual({ order: 0.3, quote: 0.3, web: 0.0003, total: 0.6003 });
  });

  it('orders the history by revision and leaves out the signal when there is none', () => {
    const result = picture(undefined, [signal(2), signal(1)]);

    expect(result.signalHistory.map((s) => s.revision)).toEqual([1, 2]);
    expect(result).not.toHaveProperty('signal');
    expect(result).toMatchObject({
      partNumber: PART,
      asOf: NOW.toISOString(),
      leadTimeDays: 7,
      safetyStock: 1,
    });
  });

  it('ends the history with the current state, dropping revisions the store has beyond it', () => {
    expect(picture(signal(2), [signal(1), signal(3)]).signalHistory.map((s) => s.revision)).toEqual([1, 2]);
    expect(picture(signal(2), [signal(2), signal(1)]).signalHistory.map((s) => s.revision)).toEqual([1, 2]);
  });
});

describe('deciding from a store snapshot', () => {
  const snapshot = (over: Partial<PartDemandSnapshot> = {}): PartDemandSnapshot => ({
    partNumber: PART,
    known: true,
    inputs: {
      orders: [
        {
          customerId: 'C1',
          order: {
            orderNumber: 'O1',
            orderedAt: '2026-03-01T08:00:00Z',
            status: 'open',
            currency: 'EUR',
            netAmount: 10,
            lines: [
              { lineNumber: '10', partNumber: PART, quantity: 10, requestedDeliveryDate: '2026-03-05' },
            ],
          },
        },
      ],
      shipments: [],
      webInterest: [],
    },
    inventory: [
      { partNumber: PART, site: 'A', onHand: 4, inbound: 0, allocated: 0, leadTimeDays: 3 },
      { partNumber: PART, site: 'B', onHand: 0, inbound: 0, allocated: 0, leadTimeDays: 5, unit: 'KG' },
    ],
    ...over,
  });
  const config = DemandConfigSchema.parse({ safetyStock: 1, safetyStockByPart: { OTHER: 9 } });

  it("uses the part's stock, longest lead time, default safety stock and the unit SCM reports", () => {
    const decision = decidePartSignal(snapshot(), config, NOW);

    expect(decision.action).toBe('raise');
    if (decision.action !== 'raise') return;
    expect(decision.detail.basis).toMatchObject({ leadTimeDays: 5, safetyStock: 1, stock: { available: 4 } });
    expect(decision.detail.quantityShort).toBe(7);
    expect(decision.detail.plannedOrder.items[0]?.unit).toBe('KG');
  });

  it("uses the part's own safety stock when it has one, and EA without a unit", () => {
    const decision = decidePartSignal(
      snapshot({
        inventory: [{ partNumber: PART, site: 'A', onHand: 4, inbound: 0, allocated: 0, leadTimeDays: 3 }],
      }),
      DemandConfigSchema.parse({ safetyStockByPart: { [PART]: 2 } }),
      NOW,
    );

    expect(
      decision.action === 'raise' && [
        decision.detail.basis.safetyStock,
        decision.detail.plannedOrder.items[0]?.unit,
      ],
    ).toEqual([2, 'EA']);
  });

  it('decides against the stored signal, so an unchanged shortage does nothing', () => {
    const first = decidePartSignal(snapshot(), config, NOW);
    if (first.action !== 'raise') throw new Error('expected a raise');

    expect(decidePartSignal(snapshot({ signal: first.next }), config, NOW).action).toBe('none');
  });

  it('pictures the same figures, with the stored signal and its history', () => {
    const first = decidePartSignal(snapshot(), config, NOW);
    if (first.action !== 'raise') throw new Error('expected a raise');

    const result = partDemandPicture(snapshot({ signal: first.next }), config, NOW);

    expect(result).toMatchObject({
      leadTimeDays: 5,
      safetyStock: 1,
      stock: { available: 4, sites: 2 },
      totals: { order: 10, total: 10 },
      signal: first.next,
      signalHistory: [first.next],
    });
  });
});
