import { describe, expect, it } from 'vitest';
import type { PartDemand } from '../../../core/demand/compute-demand.ts';
import { computePartDemand } from '../../../core/demand/compute-demand.ts';
import { evaluateDemandSignal } from '../../../core/demand/evaluate-demand-signal.ts';
import { ShippedQuantities } from '../../../core/demand/shipped-quantities.ts';
import { DEFAULT_DEMAND_CONFIG } from '../../../schemas/config/demand-config.ts';
import type { AvailableStock } from '../../../schemas/events/demand-events.ts';

// Demand treats 1e-9 units as rounding noise. These tests sit exactly on that boundary: noise itself is no
// demand and no shortage, and anything beyond it is.
const NOW = new Date('2026-03-04T10:00:00Z'); // a Wednesday; lead time 7 days ends 2026-03-11
const NOISE = 1e-9;

const stockOf = (available: number): AvailableStock => ({
  onHand: available,
  inbound: 0,
  allocated: 0,
  available,
  sites: 1,
});
const orderDays = (...days: [day: string, quantity: number][]): PartDemand => ({
  partNumber: 'P-1',
  days: days.map(([day, quantity]) => ({ day, order: quantity, quote: 0, web: 0, total: quantity })),
  evidence: [],
});
const needByOf = (demand: PartDemand, available: number, safetyStock: number) => {
  const decision = evaluateDemandSignal({
    partNumber: 'P-1',
    demand,
    stock: stockOf(available),
    leadTimeDays: 7,
    safetyStock,
    now: NOW,
  });
  return decision.action === 'raise' ? decision.detail.needBy : decision.action;
};

describe('demand at the rounding-noise boundary', () => {
  it('counts no demand and no evidence for a quotation line of exactly the noise quantity', () => {
    const quoted = (quantity: number) =>
      computePartDemand(
        'P-1',
        {
          orders: [
            {
              customerId: 'C1',
              order: {
                orderNumber: 'Q1',
                orderedAt: '2026-03-01T08:00:00Z',
                status: 'quote',
                currency: 'EUR',
                netAmount: 1,
                lines: [
                  { lineNumber: '10', partNumber: 'P-1', quantity, requestedDeliveryDate: '2026-03-05' },
                ],
              },
            },
          ],
          shipments: [],
          webInterest: [],
        },
        DEFAULT_DEMAND_CONFIG,
        NOW,
      );

    expect(quoted(NOISE)).toMatchObject({ days: [], evidence: [] });
    expect(quoted(10).evidence).toHaveLength(1);
  });

  it('does not need material today when stock falls short of safety stock by exactly the noise', () => {
    // available 0 - safety stock 1e-9 = -1e-9: not short today; the need starts with the first demand.
    expect(needByOf(orderDays(['2026-03-06', 5]), 0, NOISE)).toBe('2026-03-06');
    expect(needByOf(orderDays(['2026-03-06', 5]), 0, 1)).toBe('2026-03-04');
  });

  it('does not set the need-by date on a day whose cumulative demand exceeds cover by exactly the noise', () => {
    // Cumulative demand 1e-9 on 03-05 is cover (0) plus the noise: not yet short; 03-06 is.
    expect(needByOf(orderDays(['2026-03-05', NOISE], ['2026-03-06', 5]), 0, 0)).toBe('2026-03-06');
    expect(needByOf(orderDays(['2026-03-05', 2 * NOISE], ['2026-03-06', 5]), 0, 0)).toBe('2026-03-05');
  });
});

describe('shipped units without an order', () => {
  it('credits a shipment that names no order to no order, not even one numbered "undefined"', () => {
    const shipped = new ShippedQuantities([
      {
        shipmentNumber: 'S1',
        status: 'shipped',
        promisedDate: '2026-03-01',
        lines: [{ partNumber: 'P-1', quantity: 4 }],
      },
    ]);

    expect(shipped.take('undefined', 'P-1', 4)).toBe(0);
  });
});
