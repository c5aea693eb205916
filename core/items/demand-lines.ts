import * as z from 'zod';
import { OrderDataSchema, OrderLineSchema } from '../../schemas/entities/order.ts';
import { keys } from './keys.ts';
import type { Item } from './record-items.ts';

/** An order line as the part index (gsi1 `PART#<part>`) holds it. */
export interface IndexedOrderLine {
  readonly customerId: string;
  readonly recordKey: string;
  readonly lineNumber: string;
  readonly partNumber: string;
  readonly quantity: number;
  readonly orderNumber: string;
  /** The order's status: whether the line is still demand, or a quotation's. */
  readonly orderStatus: string;
}

/**
 * What the index needs of a stored order: its number, status and first line. Loose on purpose (unlike the
 * ingest contract): a field the order schema gains or drops later must not hide the order's demand.
 */
const StoredOrderSchema = z.object({
  orderNumber: OrderDataSchema.shape.orderNumber,
  status: OrderDataSchema.shape.status,
  lines: z.array(
    z.object(OrderLineSchema.pick({ lineNumber: true, partNumber: true, quantity: true }).shape),
  ),
});

/**
 * The order line an item of the part index stands for: an order's record item is the entry of its first line
 * (read from the order's data), a `LINE#` item (`kind: orderLine`) the entry of one of the lines after it;
 * any other item (web interest, an installed product, an order without a line or a customer) is none.
 */
export const indexedOrderLine = (item: Item): IndexedOrderLine | undefined => {
  if (typeof item.customerId !== 'string') return undefined;
  if (item.kind === 'orderLine') {
    return {
      customerId: item.customerId,
      recordKey: String(item.recordKey),
      lineNumber: item.sk.slice(keys.orderLine(String(item.recordKey), '').length),
      partNumber: String(item.partNumber),
      quantity: Number(item.quantity),
      orderNumber: String(item.orderNumber),
      orderStatus: String(item.orderStatus),
    };
  }
  if (item.kind !== 'record' || item.entity !== 'order') return undefined;
  const order = StoredOrderSchema.safeParse(item.data);
  const first = order.success ? order.data.lines[0] : undefined;
  if (!order.success || !first) return undefined;
  return {
    customerId: item.customerId,
    recordKey: String(item.recordKey),
    lineNumber: first.lineNumber,
    partNumber: first.partNumber,
    quantity: first.quantity,
    orderNumber: order.data.orderNumber,
    orderStatus: order.data.status,
  };
};
