import type { ShipmentData } from '../../schemas/entities/shipment.ts';

// Stryker disable next-line StringLiteral: a static mutant (made when the module loads; the config leaves static mutants out, this survivor is a result reused from before that), killed by hand by demand-computation-edges.test.ts ("counts units that left the warehouse")
const LEFT_WAREHOUSE = new Set<ShipmentData['status']>(['shipped', 'inTransit', 'delivered']);

// Stryker disable next-line ArrowFunction: a static mutant (made when the module loads; the config leaves static mutants out, this survivor is a result reused from before that), killed by hand by demand-computation-edges.test.ts ("hands out no more than asked")
const keyOf = (orderNumber: string, partNumber: string) => `${orderNumber}\u0000${partNumber}`;

/** Units per order and part that have left the warehouse (shipped, in transit or delivered). */
export class ShippedQuantities {
  readonly #shipped = new Map<string, number>();

  constructor(shipments: readonly ShipmentData[]) {
    for (const shipment of shipments) {
      const left = LEFT_WAREHOUSE.has(shipment.status) || shipment.shippedAt !== undefined;
      if (!left || shipment.orderNumber === undefined || shipment.status === 'cancelled') continue;
      for (const line of shipment.lines) {
        const key = keyOf(shipment.orderNumber, line.partNumber);
        this.#shipped.set(key, (this.#shipped.get(key) ?? 0) + line.quantity);
      }
    }
  }

  /**
   * Takes up to `quantity` shipped units of a part for one order line. Shipments name the part, not the
   * line, so several lines of the same part draw from the same pool in line order.
   */
  take(orderNumber: string, partNumber: string, quantity: number): number {
    const key = keyOf(orderNumber, partNumber);
    const left = this.#shipped.get(key) ?? 0;
    const taken = Math.min(left, quantity);
    this.#shipped.set(key, left - taken);
    return taken;
  }
}
