import { describe, expect, it } from 'vitest';
import { computeDemand, computePartDemand } from '../../../core/demand/compute-demand.ts';
import { partDemandPicture } from '../../../core/demand/decide-part-signal.ts';
import type { WebInterestSighting } from '../../../core/demand/demand-inputs.ts';
import { buildDemandPicture } from '../../../core/demand/demand-picture.ts';
import { evaluateDemandSignal } from '../../../core/demand/evaluate-demand-signal.ts';
import { DEFAULT_DEMAND_CONFIG } from '../../../schemas/config/demand-config.ts';
import type { DemandSignalState } from '../../../schemas/entities/demand-signal.ts';
import type { DemandEvidence } from '../../../schemas/events/demand-events.ts';

const NOW = new Date('2026-03-04T10:00:00Z');
const evidence: DemandEvidence = {
  source: 'order',
  reference: 'O1/10',
  customerId: 'C1',
  day: '2026-03-06',
  rawQuantity: 5,
  weight: 1,
  quantity: 5,
};
const demand = {
  partNumber: 'P-1',
  days: [{ day: '2026-03-06', order: 5, quote: 0, web: 0, total: 5 }],
  evidence: [evidence],
};
const stock = (available: number) => ({ onHand: available, inbound: 0, allocated: 0, available, sites: 1 });

describe('demand picture without a stored history', () => {
  it('shows the evidence behind the figures and an empty history when the signal has none', () => {
    const picture = buildDemandPicture({
      demand,
      stock: stock(0),
      leadTimeDays: 7,
      safetyStock: 0,
      now: NOW,
    });

    expect(picture.evidence).toEqual([evidence]);
    expect(picture.signalHistory).toEqual([]);
  });
});

describe('stock exactly at safety stock', () => {
  it('needs the material on the first day with demand, not today', () => {
    const decision = evaluateDemandSignal({
      partNumber: 'P-1',
      demand,
      stock: stock(3),
      leadTimeDays: 7,
      safetyStock: 3,
      now: NOW,
    });

    expect(decision.action === 'raise' && [decision.detail.needBy, decision.detail.quantityShort]).toEqual([
      '2026-03-06',
      5,
    ]);
  });
});

describe('web interest that names no part or claims a quantity', () => {
  const inputs = (webInterest: WebInterestSighting[]) => ({ orders: [], shipments: [], webInterest });

  it('files no demand under a missing part number', () => {
    const all = computeDemand(
      inputs([{ eventId: 'w1', kind: 'cartAdd', observedAt: '2026-03-04T09:00:00Z' }]),
      DEFAULT_DEMAND_CONFIG,
      NOW,
    );

    expect([...all.keys()]).toEqual([]);
  });

  it('counts a product view as one unit whatever quantity it carries, and leaves out an unknown customer', () => {
    const [view] = computePartDemand(
      'P-1',
      inputs([
        {
          eventId: 'w1',
          kind: 'productView',
          partNumber: 'P-1',
          quantity: 5,
          observedAt: '2026-03-04T09:00:00Z',
        },
      ]),
      DEFAULT_DEMAND_CONFIG,
      NOW,
    ).evidence;

    expect(view?.rawQuantity).toBe(1);
    expect(view).not.toHaveProperty('customerId');
  });
});

describe('signal history of the picture', () => {
  const state = (revision: number): DemandSignalState => ({
    signalKey: 'PIR-P-1-1000-20260302',
    partNumber: 'P-1',
    plant: '1000',
    status: 'open',
    revision,
    quantityShort: 5,
    needBy: '2026-03-06',
    period: { start: '2026-03-02', end: '2026-03-08' },
    decidedAt: '2026-03-04T10:00:00Z',
  });
  const snapshot = (signal?: DemandSignalState) => ({
    partNumber: 'P-1',
    known: true,
    inputs: { orders: [], shipments: [], webInterest: [] },
    inventory: [],
    ...(signal ? { signal } : {}),
  });

  it('is empty for a part that never had a signal when no history is passed', () => {
    expect(partDemandPicture(snapshot(), DEFAULT_DEMAND_CONFIG, NOW).signalHistory).toEqual([]);
  });

  it('keeps a stored history that already holds the current state as it is, newer revisions included', () => {
    const picture = buildDemandPicture({
      demand,
      stock: stock(0),
      leadTimeDays: 7,
      safetyStock: 0,
      signal: state(2),
      signalHistory: [state(3), state(1), state(2)],
      now: NOW,
    });

    expect(picture.signalHistory.map((s) => s.revision)).toEqual([1, 2, 3]);
  });
});
