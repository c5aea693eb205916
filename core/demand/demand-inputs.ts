import type { OrderData } from '../../schemas/entities/order.ts';
import type { ShipmentData } from '../../schemas/entities/shipment.ts';
import type { WebInterest } from '../../schemas/entities/web-activity.ts';

/** An order or quotation as the store holds it, with the customer it belongs to. */
export interface CustomerOrder {
  readonly customerId: string;
  readonly order: OrderData;
}

/** One web event showing interest in a part. */
export interface WebInterestSighting {
  /** The web event's id (Segment `messageId`), used as evidence. */
  readonly eventId: string;
  readonly customerId?: string;
  readonly kind: WebInterest['kind'];
  readonly partNumber?: string;
  readonly quantity?: number;
  readonly observedAt: string;
}

/** Everything demand is computed from. */
export interface DemandInputs {
  readonly orders: readonly CustomerOrder[];
  /** Shipments tell how much of an order line has left the warehouse already. */
  readonly shipments: readonly ShipmentData[];
  readonly webInterest: readonly WebInterestSighting[];
}
