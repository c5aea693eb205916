import type { CustomerProfile, ProductProfile } from './reference-data.ts';
import type { SeededRandom } from './seeded-random.ts';
import { DAY_MS, HOUR_MS, shift } from './time.ts';

/** One order line as both ERPs record it. */
export interface OrderLine {
  readonly product: ProductProfile;
  readonly quantity: number;
  readonly unitPrice: number;
}

/** The milestones of an order's life, each with the time it is due to happen. */
export type Milestone = 'ship' | 'deliver' | 'invoice' | 'pay';

/**
 * An order's journey through ERP (order, invoice), SCM (shipment) and payment. The sandbox keeps the
 * process and projects it into each system's rows, so the systems stay consistent with each other.
 */
export interface OrderProcess {
  readonly system: 'sapS4' | 'businessCentral';
  readonly orderNumber: string;
  /** SAP: the sales order number; Business Central: the order's GUID. */
  readonly orderId: string;
  readonly customer: CustomerProfile;
  readonly customerNumber: string;
  readonly currency: string;
  readonly orderedAt: Date;
  readonly purchaseOrder: string;
  readonly lines: readonly OrderLine[];
  readonly netAmount: number;
  readonly warehouse: string;
  readonly shipmentId: number;
  readonly carrier: string;
  readonly trackingNumber: string;
  readonly plannedShipAt: Date;
  readonly plannedArrivalAt: Date;
  /** When each milestone is due; a missing `pay` means the customer never pays (overdue). */
  readonly due: Partial<Record<Milestone, Date>>;
  /** When each milestone actually happened (recorded by the systems). */
  readonly done: Partial<Record<Milestone, Date>>;
  invoiceNumber?: string;
  /** The invoice was cancelled (SAP keeps the document and flags it). */
  cancelled?: boolean;
  invoiceId?: string;
  dueDate?: Date;
  /** Last-changed stamps of the rows this process projects to. */
  orderChangedAt: Date;
  shipmentChangedAt: Date;
  invoiceChangedAt?: Date;
}

/** Net amount of a list of lines. */
export const netAmountOf = (lines: readonly OrderLine[]): number =>
  Math.round(lines.reduce((sum, line) => sum + line.quantity * line.unitPrice, 0) * 100) / 100;

/** Picks 1-4 lines of sellable products, favouring main products with an accessory now and then. */
export const drawOrderLines = (random: SeededRandom, products: readonly ProductProfile[]): OrderLine[] => {
  const sellable = products.filter((product) => !product.obsolete);
  const mains = sellable.filter((product) => product.role === 'main');
  const first = random.pick(mains.length > 0 ? mains : sellable);
  const chosen = [first];
  const accessories = sellable.filter((product) => first.accessoryNumbers.includes(product.number));
  if (accessories.length > 0 && random.chance(0.5)) chosen.push(random.pick(accessories));
  for (let extra = random.int(0, 2); extra > 0; extra -= 1) chosen.push(random.pick(sellable));
  const unique = [...new Map(chosen.map((product) => [product.number, product])).values()];
  return unique.map((product) => ({
    product,
    quantity: product.role === 'main' ? random.int(1, 6) : random.int(2, 24),
    // Contract discounts of up to 12 % off list price.
    unitPrice: Math.round(product.listPrice * (1 - random.int(0, 12) / 100) * 100) / 100,
  }));
};

/** Schedules the milestones of an order placed at `orderedAt`; about one in six deliveries is late. */
export const scheduleMilestones = (
  random: SeededRandom,
  system: OrderProcess['system'],
  orderedAt: Date,
): { plannedShipAt: Date; plannedArrivalAt: Date; due: Partial<Record<Milestone, Date>> } => {
  // HQ ships from stock; the subsidiary builds to order, so its orders stay open for weeks.
  const plannedShipAt = shift(
    orderedAt,
    (system === 'sapS4' ? random.int(1, 4) : random.int(3, 45)) * DAY_MS,
  );
  const plannedArrivalAt = shift(plannedShipAt, random.int(2, 5) * DAY_MS);
  const ship = shift(plannedShipAt, random.int(-6, 18) * HOUR_MS);
  const late = random.chance(0.17);
  const deliver = shift(plannedArrivalAt, late ? random.int(1, 7) * DAY_MS : -random.int(0, 20) * HOUR_MS);
  // SAP bills at goods issue; the Business Central subsidiary invoices on delivery.
  const invoice = system === 'sapS4' ? shift(ship, 2 * HOUR_MS) : shift(deliver, 4 * HOUR_MS);
  const neverPays = random.chance(0.07);
  const pay = shift(invoice, (30 + random.int(-25, 20)) * DAY_MS);
  return {
    plannedShipAt,
    plannedArrivalAt,
    due: { ship, deliver, invoice, ...(neverPays ? {} : { pay }) },
  };
};

const milestoneOrder: Readonly<Record<OrderProcess['system'], readonly Milestone[]>> = {
  sapS4: ['ship', 'invoice', 'deliver', 'pay'],
  businessCentral: ['ship', 'deliver', 'invoice', 'pay'],
};

/** The next milestone not yet done, in the system's process order; undefined when nothing more will happen. */
export const nextMilestone = (process: OrderProcess): Milestone | undefined => {
  const next = milestoneOrder[process.system].find((milestone) => process.done[milestone] === undefined);
  if (next === 'pay' && process.cancelled) return undefined; // nothing to pay on a cancelled invoice
  return next !== undefined && process.due[next] !== undefined ? next : undefined;
};
