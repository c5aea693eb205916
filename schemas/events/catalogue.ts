import { InventoryChanged, ProductChanged } from './catalogue-events.ts';
import {
  InstalledProductRecorded,
  InvoiceOverdue,
  OrderRecorded,
  ShipmentUpdated,
} from './commerce-events.ts';
import { CustomerCreated, CustomerErased, CustomerUpdated } from './customer-events.ts';
import { InteractionRecorded, WebInterestObserved } from './engagement-events.ts';
import { CustomersMerged, CustomerUnmerged, IdentityConflictDetected } from './identity-events.ts';

/** Every event the store's change feed publishes (docs/events.md, docs/schemas/events/). */
export const storeEvents = {
  CustomerCreated,
  CustomerUpdated,
  CustomerErased,
  CustomersMerged,
  CustomerUnmerged,
  IdentityConflictDetected,
  OrderRecorded,
  InvoiceOverdue,
  ShipmentUpdated,
  InstalledProductRecorded,
  ProductChanged,
  InventoryChanged,
  WebInterestObserved,
  InteractionRecorded,
} as const;

export type StoreEventName = keyof typeof storeEvents;
