import { describe, expect, it } from 'vitest';
import { decidePartSignal, partDemandPicture } from '../../../core/demand/decide-part-signal.ts';
import type { PartDemandSnapshot } from '../../../core/ports/demand-store.ts';
import { DemandConfigSchema } from '../../../schemas/config/demand-config.ts';
import type { InventoryData } from '../../../schemas/entities/inventory.ts';

// SCM's allocations are reservations, mostly for the sales orders the hub counts as demand. These tests pin
// that such an order counts once: as demand, not also as stock taken away.
const NOW = new Date('2026-03-02T10:00:00Z');
const PART = 'P-100';
const config = DemandConfigSchema.parse({ safetyStock: 0 });

const site = (onHand: number, allocated: number, inbound = 0): InventoryData => ({
  partNumber: PART,
  site: 'HH1',
  onHand,
  inbound,
  allocated,
  leadTimeDays: 14,
});

const orderFor = (orderNumber: string, quantity: number, requested: string) => ({
  customerId: 'C1',
  order: {
    orderNumber,
    orderedAt: '2026-03-01T08:00:00Z',
    status: 'confirmed' as const,
    currency: 'EUR',
    netAmount: 1000,
    lines: [{ lineNumber: '10', partNumber: PART, quantity, requestedDeliveryDate: requested }],
  },
});

const snapshot = (orders: ReturnType<typeof orderFor>[], inventory: InventoryData[]): PartDemandSnapshot => ({
  partNumber: PART,
  known: true,
  inputs: { orders, shipments: [], webInterest: [] },
  inventory,
});

const shortOf = (part: PartDemandSnapshot) => {
  const decision = decidePartSignal(part, config, NOW);
  return decision.action === 'raise' ? decision.detail.plannedOrder.items[0]?.plannedQuantity : 0;
};

describe('reservations for counted orders', () => {
  it('counts an order reserved in SCM once: 62 ordered and reserved against 57 on hand is 5 short, not 67', () => {
    const part = snapshot([orderFor('O1', 62, '2026-03-05')], [site(57, 62)]);

    expect(shortOf(part)).toBe(5);
    expect(partDemandPicture(part, config, NOW).stock).toEqual({
      onHand: 57,
      inbound: 0,
      allocated: 62,
      allocatedToCountedOrders: 62,
      available: 57,
      sites: 1,
    });
  });

  it('raises nothing when the reserved order fits the stock on hand', () => {
    const part = snapshot([orderFor('O1', 40, '2026-03-05')], [site(57, 40)]);

    expect(decidePartSignal(part, config, NOW).action).toBe('none');
  });

  it('still subtracts reservations beyond the counted orders (demand the hub does not see)', () => {
    // 10 ordered and counted; 25 reserved: 15 of them hold stock for something else.
    const part = snapshot([orderFor('O1', 10, '2026-03-05')], [site(20, 25)]);

    expect(partDemandPicture(part, config, NOW).stock).toMatchObject({
      allocatedToCountedOrders: 10,
      available: 5,
    });
    expect(shortOf(part)).toBe(5);
  });

  it('takes reservations for an order beyond the lead time as stock held, since that order is not counted yet', () => {
    // O2 (30 units, due after the 14-day horizon) is reserved; O1 (10 units) is not.
    const part = snapshot(
      [orderFor('O1', 10, '2026-03-05'), orderFor('O2', 30, '2026-05-01')],
      [site(35, 30)],
    );

    // 10 of the 30 reserved are matched to O1's counted demand; 20 still hold stock: 35 − 20 = 15 ≥ 10.
    expect(partDemandPicture(part, config, NOW).stock).toMatchObject({
      allocatedToCountedOrders: 10,
      available: 15,
    });
    expect(decidePartSignal(part, config, NOW).action).toBe('none');
  });

  it('counts an unreserved order against the whole stock, as before', () => {
    const part = snapshot([orderFor('O1', 62, '2026-03-05')], [site(57, 0)]);

    expect(shortOf(part)).toBe(5);
  });
});
