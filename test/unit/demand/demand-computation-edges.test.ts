import { describe, expect, it } from 'vitest';
import { availableStock, planningLeadTimeDays } from '../../../core/demand/available-stock.ts';
import { computeDemand, computePartDemand } from '../../../core/demand/compute-demand.ts';
import type { DemandInputs, WebInterestSighting } from '../../../core/demand/demand-inputs.ts';
import { ShippedQuantities } from '../../../core/demand/shipped-quantities.ts';
import { DEFAULT_DEMAND_CONFIG } from '../../../schemas/config/demand-config.ts';
import type { InventoryData } from '../../../schemas/entities/inventory.ts';
import type { OrderData } from '../../../schemas/entities/order.ts';
import type { ShipmentData } from '../../../schemas/entities/shipment.ts';

const NOW = new Date('2026-03-02T10:00:00Z');
const TODAY = '2026-03-02';
const config = DEFAULT_DEMAND_CONFIG; // quotes 0.3, views 0.01, cart adds 0.2, web window 14 days

const order = (
  orderNumber: string,
  status: OrderData['status'],
  lines: { partNumber: string; quantity: number; requestedDeliveryDate?: string; lineNumber?: string }[],
  orderedAt = '2026-02-01T08:00:00Z',
): OrderData => ({
  orderNumber,
  orderedAt,
  status,
  currency: 'EUR',
  netAmount: 100,
  lines: lines.map((line, i) => ({ lineNumber: line.lineNumber ?? String(10 * (i + 1)), ...line })),
});
const inputs = (over: Partial<DemandInputs>): DemandInputs => ({
  orders: [],
  shipments: [],
  webInterest: [],
  ...over,
});
const shipment = (over: Partial<ShipmentData>): ShipmentData => ({
  shipmentNumber: 'S1',
  orderNumber: 'O1',
  status: 'shipped',
  promisedDate: '2026-03-01',
  lines: [{ partNumber: 'P', quantity: 4 }],
  ...over,
});

describe('order and quotation demand', () => {
  it.each([
    ['open', 5],
    ['confirmed', 5],
    ['partiallyDelivered', 5],
    ['delivered', 0],
    ['cancelled', 0],
  ] as const)('counts the lines of an order that is %s as %d units', (status, expected) => {
    const demand = computePartDemand(
      'P',
      inputs({
        orders: [{ customerId: 'C1', order: order('O1', status, [{ partNumber: 'P', quantity: 5 }]) }],
      }),
      config,
      NOW,
    );

    expect(demand.days.reduce((sum, day) => sum + day.order, 0)).toBe(expected);
  });

  it('dates a line without a requested date by its order day, and a past one today', () => {
    const demand = computePartDemand(
      'P',
      inputs({
        orders: [
          {
            customerId: 'C1',
            order: order('O1', 'open', [{ partNumber: 'P', quantity: 1 }], '2026-03-04T23:00:00Z'),
          },
          {
            customerId: 'C1',
            order: order('O2', 'open', [{ partNumber: 'P', quantity: 2 }], '2026-01-01T00:00:00Z'),
          },
          {
            customerId: 'C1',
            order: order('O3', 'open', [{ partNumber: 'P', quantity: 4, requestedDeliveryDate: TODAY }]),
          },
        ],
      }),
      config,
      NOW,
    );

    expect(demand.days).toEqual([
      { day: TODAY, order: 6, quote: 0, web: 0, total: 6 },
      { day: '2026-03-04', order: 1, quote: 0, web: 0, total: 1 },
    ]);
    expect(demand.evidence.map((e) => [e.reference, e.day])).toEqual([
      ['O1/10', '2026-03-04'],
      ['O2/10', TODAY],
      ['O3/10', TODAY],
    ]);
  });

  it('weights an open quotation by the win rate and keeps its customer as evidence', () => {
    const demand = computePartDemand(
      'P',
      inputs({
        orders: [{ customerId: 'C9', order: order('Q1', 'quote', [{ partNumber: 'P', quantity: 10 }]) }],
      }),
      config,
      NOW,
    );

    expect(demand.evidence).toEqual([
      {
        source: 'quote',
        reference: 'Q1/10',
        customerId: 'C9',
        day: TODAY,
        rawQuantity: 10,
        weight: 0.3,
        quantity: 3,
      },
    ]);
    expect(demand.days).toEqual([{ day: TODAY, order: 0, quote: 3, web: 0, total: 3 }]);
  });

  it('takes shipped units off the lines of the same part in line order, dropping lines fully shipped', () => {
    const demand = computePartDemand(
      'P',
      inputs({
        orders: [
          {
            customerId: 'C1',
            order: order('O1', 'partiallyDelivered', [
              { partNumber: 'P', quantity: 3 },
              { partNumber: 'P', quantity: 5 },
              { partNumber: 'Q', quantity: 2 },
            ]),
          },
        ],
        shipments: [shipment({ lines: [{ partNumber: 'P', quantity: 4 }] })],
      }),
      config,
      NOW,
    );

    expect(demand.evidence.map((e) => [e.reference, e.rawQuantity])).toEqual([['O1/20', 4]]);
  });

  it('does not take a quotation off by shipments', () => {
    const demand = computePartDemand(
      'P',
      inputs({
        orders: [{ customerId: 'C1', order: order('O1', 'quote', [{ partNumber: 'P', quantity: 10 }]) }],
        shipments: [shipment({ lines: [{ partNumber: 'P', quantity: 10 }] })],
      }),
      config,
      NOW,
    );

    expect(demand.evidence[0]?.rawQuantity).toBe(10);
  });

  it('rounds the sums of a day to six places', () => {
    const demand = computePartDemand(
      'P',
      inputs({
        orders: [
          { customerId: 'C1', order: order('Q1', 'quote', [{ partNumber: 'P', quantity: 1 / 3 }]) },
          { customerId: 'C1', order: order('Q2', 'quote', [{ partNumber: 'P', quantity: 1 / 3 }]) },
        ],
      }),
      config,
      NOW,
    );

    expect(demand.days).toEqual([{ day: TODAY, order: 0, quote: 0.2, web: 0, total: 0.2 }]);
  });

  it('computes every part asked for, and an empty demand for a part nobody asks for', () => {
    const all = computeDemand(
      inputs({
        orders: [
          {
            customerId: 'C1',
            order: order('O1', 'open', [
              { partNumber: 'P', quantity: 1 },
              { partNumber: 'Q', quantity: 2 },
            ]),
          },
          { customerId: 'C2', order: order('O2', 'open', [{ partNumber: 'Q', quantity: 3 }]) },
        ],
      }),
      config,
      NOW,
    );

    expect([...all.keys()]).toEqual(['P', 'Q']);
    expect(all.get('Q')?.evidence.map((e) => e.reference)).toEqual(['O1/20', 'O2/10']);
    expect(computePartDemand('Z', inputs({}), config, NOW)).toEqual({
      partNumber: 'Z',
      days: [],
      evidence: [],
    });
  });
});

describe('web interest demand', () => {
  const sighting = (over: Partial<WebInterestSighting>): WebInterestSighting => ({
    eventId: 'w1',
    kind: 'productView',
    partNumber: 'P',
    observedAt: '2026-03-01T10:00:00Z',
    ...over,
  });
  const web = (...webInterest: WebInterestSighting[]) =>
    computePartDemand('P', inputs({ webInterest }), config, NOW).evidence;

  it('converts a view at the view rate and a cart add of several units at the cart rate, due today', () => {
    expect(
      web(sighting({ customerId: 'C1' }), sighting({ eventId: 'w2', kind: 'cartAdd', quantity: 3 })),
    ).toEqual([
      {
        source: 'web',
        reference: 'w1',
        customerId: 'C1',
        day: TODAY,
        rawQuantity: 1,
        weight: 0.01,
        quantity: 0.01,
      },
      {
        source: 'web',
        reference: 'w2',
        day: TODAY,
        rawQuantity: 3,
        weight: 0.2,
        quantity: 0.6000000000000001,
      },
    ]);
  });

  it('counts a cart add without a quantity, or with none, as one unit', () => {
    expect(
      web(sighting({ kind: 'cartAdd' }), sighting({ eventId: 'w2', kind: 'cartAdd', quantity: 0 })).map(
        (e) => e.rawQuantity,
      ),
    ).toEqual([1, 1]);
  });

  it('ignores kinds that say nothing about buying, sightings without a part and unreadable times', () => {
    expect(
      web(
        sighting({ kind: 'search' }),
        sighting({ kind: 'checkout' }),
        sighting({ kind: 'pageView' }),
        sighting({ partNumber: undefined }),
        sighting({ observedAt: 'yesterday' }),
      ),
    ).toEqual([]);
  });

  it('counts interest from the start of the 14-day window up to now, nothing older or later', () => {
    const refs = web(
      sighting({ eventId: 'start', observedAt: '2026-02-16T10:00:00Z' }),
      sighting({ eventId: 'too-old', observedAt: '2026-02-16T09:59:59Z' }),
      sighting({ eventId: 'now', observedAt: '2026-03-02T10:00:00Z' }),
      sighting({ eventId: 'future', observedAt: '2026-03-02T10:00:01Z' }),
    ).map((e) => e.reference);

    expect(refs).toEqual(['start', 'now']);
  });
});

describe('shipped quantities', () => {
  it('counts units that left the warehouse: shipped, in transit, delivered, or with a ship time', () => {
    const shipped = new ShippedQuantities([
      shipment({ shipmentNumber: 'S1', status: 'shipped', lines: [{ partNumber: 'P', quantity: 1 }] }),
      shipment({ shipmentNumber: 'S2', status: 'inTransit', lines: [{ partNumber: 'P', quantity: 2 }] }),
      shipment({ shipmentNumber: 'S3', status: 'delivered', lines: [{ partNumber: 'P', quantity: 4 }] }),
      shipment({
        shipmentNumber: 'S4',
        status: 'delayed',
        shippedAt: '2026-03-01T00:00:00Z',
        lines: [{ partNumber: 'P', quantity: 8 }],
      }),
      shipment({ shipmentNumber: 'S5', status: 'picked', lines: [{ partNumber: 'P', quantity: 16 }] }),
      shipment({
        shipmentNumber: 'S6',
        status: 'cancelled',
        shippedAt: '2026-03-01T00:00:00Z',
        lines: [{ partNumber: 'P', quantity: 32 }],
      }),
      shipment({ shipmentNumber: 'S7', orderNumber: undefined, lines: [{ partNumber: 'P', quantity: 64 }] }),
    ]);

    expect(shipped.take('O1', 'P', 1000)).toBe(15);
    expect(shipped.take('O1', 'P', 1000)).toBe(0);
  });

  it('hands out no more than asked, keeps the rest for the next line, and keeps orders and parts apart', () => {
    const shipped = new ShippedQuantities([shipment({ lines: [{ partNumber: 'P', quantity: 5 }] })]);

    expect(shipped.take('O1', 'P', 3)).toBe(3);
    expect(shipped.take('O2', 'P', 3)).toBe(0);
    expect(shipped.take('O1', 'Q', 3)).toBe(0);
    expect(shipped.take('O1', 'P', 3)).toBe(2);
  });
});

describe('stock and lead time', () => {
  const position = (site: string, leadTimeDays: number, partNumber = 'P'): InventoryData => ({
    partNumber,
    site,
    onHand: 1,
    inbound: 0,
    allocated: 0,
    leadTimeDays,
  });

  it('plans with the longest lead time any site of the part reports', () => {
    expect(planningLeadTimeDays('P', [position('A', 5), position('B', 21), position('C', 90, 'Q')], 14)).toBe(
      21,
    );
  });

  it('plans with the default lead time when no site reports the part', () => {
    expect(planningLeadTimeDays('P', [position('C', 90, 'Q')], 14)).toBe(14);
  });

  it('reports no stock and no sites for a part nobody stocks', () => {
    expect(availableStock('P', [position('C', 9, 'Q')])).toEqual({
      onHand: 0,
      inbound: 0,
      allocated: 0,
      allocatedToCountedOrders: 0,
      available: 0,
      sites: 0,
    });
  });
});
