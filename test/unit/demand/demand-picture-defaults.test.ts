import { describe, expect, it } from 'vitest';
import { buildDemandPicture } from '../../../core/demand/demand-picture.ts';
import { evaluateDemandSignal } from '../../../core/demand/evaluate-demand-signal.ts';
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
