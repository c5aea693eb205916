import { InventoryDataSchema } from '../../schemas/entities/inventory.ts';
import { OrderDataSchema } from '../../schemas/entities/order.ts';
import { ProductDataSchema } from '../../schemas/entities/product.ts';
import { ShipmentDataSchema } from '../../schemas/entities/shipment.ts';
import { WebActivityDataSchema } from '../../schemas/entities/web-activity.ts';
import type { ChangeRecord } from '../events/change-record.ts';
import type { OrderRef } from '../ports/demand-store.ts';
import { judgeNewsworthiness } from '../reactions/history-not-news.ts';
import { shipmentStateReachedAt } from '../reactions/state-reached-at.ts';

/** Parts whose demand picture a record item's data touches (lines, stock position, interest). */
const partsOf = (entity: unknown, data: unknown): string[] => {
  switch (entity) {
    case 'order': {
      const order = OrderDataSchema.safeParse(data);
      return order.success ? order.data.lines.map((line) => line.partNumber) : [];
    }
    case 'shipment': {
      const shipment = ShipmentDataSchema.safeParse(data);
      return shipment.success ? shipment.data.lines.map((line) => line.partNumber) : [];
    }
    case 'inventory': {
      const inventory = InventoryDataSchema.safeParse(data);
      return inventory.success ? [inventory.data.partNumber] : [];
    }
    case 'product': {
      const product = ProductDataSchema.safeParse(data);
      return product.success ? [product.data.partNumber] : [];
    }
    case 'webActivity': {
      const part = WebActivityDataSchema.safeParse(data);
      return part.success && part.data.interest?.partNumber ? [part.data.interest.partNumber] : [];
    }
    default:
      return [];
  }
};

/**
 * Is this change news for demand? A backfill write (initial load, full resync) is history: its parts are
 * watched (`historyParts`), and the picture it builds is planned by the next daily re-evaluation or the
 * first live change of the part, whichever comes first; both read the whole history anyway.
 * A shipment that reached its state long before the hub saw it (delivered last year) is stale.
 */
const isNews = (change: ChangeRecord): boolean => {
  const image = change.newImage ?? change.oldImage;
  // A merge's move is no news: its removal and its new item commit together, so the removal's recompute reads
  // both. A `repeat` is: a taken-back copy's removal and its repeat are two writes, and the part's picture must
  // be read again after the second.
  if (image?.kind !== 'record' || image.cause === 'move') return false;
  const committed = change.approximateCreationDateTime;
  const occurredAt = new Date((committed ?? 0) * 1000).toISOString();
  // Without a commit time there is nothing to measure staleness against.
  const shipment =
    // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, no other entity's data parses as a shipment (shipment number and statuses are required), and a shipment without a commit time is judged at the epoch, before any state date, so it is never stale; the mark also drops this line's killed `false` mutants
    image.entity === 'shipment' && committed !== undefined
      ? ShipmentDataSchema.safeParse(image.data)
      : undefined;
  return judgeNewsworthiness({
    metadata: {
      occurredAt,
      // Stryker disable next-line ConditionalExpression: equivalent, a stored backfill is a string or absent, and an absent one passed as `undefined` is judged as absent; the mark also drops this line's killed mutants of the whole condition
      ...(typeof image.backfill === 'string' && change.newImage
        ? { backfill: image.backfill as 'initialLoad' | 'fullResync' | 'replay' }
        : {}),
    },
    ...(shipment?.success ? { stateReachedAt: shipmentStateReachedAt(shipment.data) } : {}),
  }).live;
};

/**
 * The parts whose demand signal must be re-decided after a batch of table changes: those named by
 * changed orders (old and new lines), shipments, stock positions, products and web interest, once
 * each, in first-seen order. History and stale changes name none.
 */
export const affectedParts = (changes: readonly ChangeRecord[]): string[] => {
  const parts = new Set<string>();
  for (const change of changes) {
    if (!isNews(change)) continue;
    for (const image of [change.newImage, change.oldImage]) {
      if (!image) continue;
      for (const part of partsOf(image.entity, image.data)) parts.add(part);
    }
  }
  return [...parts];
};

/**
 * The orders a batch of changes wrote, by the parts their lines name: the recompute reads them by key, since the
 * part index may not list a just-written order yet. Only written images count (a removed order is no demand),
 * each order once per part.
 */
export const changedOrdersByPart = (changes: readonly ChangeRecord[]): Map<string, OrderRef[]> => {
  const byPart = new Map<string, Map<string, OrderRef>>();
  for (const { newImage } of changes) {
    if (newImage?.kind !== 'record' || newImage.entity !== 'order') continue;
    const { customerId, recordKey } = newImage;
    if (typeof customerId !== 'string' || typeof recordKey !== 'string') continue;
    for (const part of partsOf('order', newImage.data)) {
      const orders = byPart.get(part) ?? new Map<string, OrderRef>();
      orders.set(`${customerId}\u0000${recordKey}`, { customerId, recordKey });
      byPart.set(part, orders);
    }
  }
  return new Map([...byPart].map(([part, orders]) => [part, [...orders.values()]]));
};

/**
 * The parts that history (an initial load, a full resync) names. They are not re-decided from those changes
 * (above), but watched, so the next daily re-evaluation decides them once on everything the load brought in,
 * rather than waiting for a live change of each part.
 */
export const historyParts = (changes: readonly ChangeRecord[]): string[] => {
  const parts = new Set<string>();
  for (const { newImage } of changes) {
    if (newImage?.kind !== 'record' || typeof newImage.backfill !== 'string') continue;
    for (const part of partsOf(newImage.entity, newImage.data)) parts.add(part);
  }
  return [...parts];
};
