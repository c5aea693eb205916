import { describe, expect, it } from 'vitest';
import { SandboxWorld } from '../../../sandbox/world/world.ts';

const NOW = new Date('2026-03-02T10:00:00Z');

const onHandOf = (world: SandboxWorld, partNumber: string) =>
  world.tables.oracleScm.onhandQuantityDetails
    .all()
    .filter((row) => row.ItemNumber === partNumber)
    .reduce((sum, row) => sum + Number(row.OnhandQuantity), 0);

describe('sandbox world: the shortage order', () => {
  it('adds an SAP sales order stamped now for more units of the part than every warehouse holds', () => {
    const world = new SandboxWorld(11, 'small', () => NOW);

    const order = world.placeShortageOrder();

    const row = world.tables.sapS4.A_SalesOrder.get(order.orderKey);
    const items = row?.to_Item as { Material: string; RequestedQuantity: number }[] | undefined;
    expect(items).toEqual([
      expect.objectContaining({ Material: order.partNumber, RequestedQuantity: order.quantity }),
    ]);
    expect(row?.LastChangeDateTime).toEqual(NOW);
    expect(order.changedAt).toEqual(NOW);
    expect(order.quantity).toBeGreaterThan(onHandOf(world, order.partNumber));
  });

  it('orders another main product each time, the same ones for the same seed', () => {
    const first = new SandboxWorld(11, 'small', () => NOW);
    const again = new SandboxWorld(11, 'small', () => NOW);

    const parts = [first.placeShortageOrder(), first.placeShortageOrder()].map((o) => o.partNumber);
    const repeated = [again.placeShortageOrder(), again.placeShortageOrder()].map((o) => o.partNumber);

    expect(new Set(parts).size).toBe(2);
    expect(repeated).toEqual(parts);
  });
});
