import type { Item } from './record-items.ts';

/** An order line as the part index (gsi1 `PART#<part>`) shows it. */
export interface IndexedOrderLine {
  readonly customerId: string;
  readonly recordKey: string;
  readonly partNumber: string;
  readonly quantity: number;
  readonly orderNumber: string;
  readonly orderStatus: string;
}

interface OrderLineData {
  readonly partNumber?: unknown;
  readonly quantity?: unknown;
}

interface OrderData {
  readonly orderNumber?: unknown;
  readonly status?: unknown;
  readonly lines?: readonly OrderLineData[];
}

/**
 * The order line an item of the part index stands for: an order item is the entry of its first line (its
 * other lines have items of their own, `kind: orderLine`); anything else in the index is not an order line.
 */
export const indexedOrderLine = (item: Item): IndexedOrderLine | undefined => {
  if (item.kind === 'orderLine') {
    return {
      customerId: String(item.customerId),
      recordKey: String(item.recordKey),
      partNumber: String(item.partNumber),
      quantity: Number(item.quantity),
      orderNumber: String(item.orderNumber),
      orderStatus: String(item.orderStatus),
    };
  }
  if (item.kind !== 'record' || item.entity !== 'order' || typeof item.customerId !== 'string')
    return undefined;
  const order = item.data as OrderData | undefined;
  const first = order?.lines?.[0];
  if (!order || !first) return undefined;
  return {
    customerId: item.customerId,
    recordKey: String(item.recordKey),
    partNumber: String(first.partNumber),
    quantity: Number(first.quantity),
    orderNumber: String(order.orderNumber),
    orderStatus: String(order.status),
  };
};
