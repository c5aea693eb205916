import type { Row } from '../../odata/entity-model.ts';
import type { OrderProcess } from '../../world/order-process.ts';
import type { ProductProfile } from '../../world/reference-data.ts';

/** Projects order processes and stock positions into Oracle Fusion SCM rows. */

const shipmentStatus = (process: OrderProcess): { code: string; meaning: string } => {
  if (process.done.deliver) return { code: 'DELIVERED', meaning: 'Delivered' };
  if (process.done.ship) return { code: 'SHIP_CONFIRMED', meaning: 'Shipped' };
  return { code: 'OPEN', meaning: 'Open' };
};

/** A shipment for an order (created when the order reaches the warehouse). */
export const shipmentRow = (process: OrderProcess): Row => {
  const status = shipmentStatus(process);
  return {
    ShipmentId: process.shipmentId,
    Shipment: String(process.shipmentId - 300_000_000_000),
    OrganizationCode: process.warehouse,
    ShipToPartyName: process.customer.companyName,
    ShipToCustomerNumber: process.customerNumber,
    SourceOrderSystem: process.system === 'sapS4' ? 'S4HANA' : 'BUSINESS_CENTRAL',
    SourceOrderNumber: process.orderNumber,
    ShipmentStatusCode: status.code,
    ShipmentStatus: status.meaning,
    Carrier: process.carrier,
    TrackingNumber: process.done.ship ? process.trackingNumber : null,
    PlannedShipDate: process.plannedShipAt,
    ActualShipDate: process.done.ship ?? null,
    PlannedArrivalDate: process.plannedArrivalAt,
    ActualDeliveryDate: process.done.deliver ?? null,
    CreationDate: process.orderedAt,
    LastUpdateDate: process.shipmentChangedAt,
    LastUpdatedBy: 'SCM_INTEGRATION',
    shipmentLines: process.lines.map((line, index) => ({
      ShipmentLine: process.shipmentId * 10 + index + 1,
      ItemNumber: line.product.number,
      ItemDescription: line.product.name,
      RequestedQuantity: line.quantity,
      ShippedQuantity: process.done.ship ? line.quantity : 0,
      RequestedQuantityUOM: 'Ea',
      SourceOrderLineNumber: String((index + 1) * 10),
    })),
  };
};

/** A stock position of one item in one warehouse's finished-goods subinventory. */
export interface StockPosition {
  readonly warehouse: { readonly code: string; readonly name: string };
  readonly product: ProductProfile;
  onhand: number;
  reserved: number;
  readonly reorderPoint: number;
  changedAt: Date;
}

export const onhandRow = (stock: StockPosition): Row => ({
  OrganizationCode: stock.warehouse.code,
  OrganizationName: stock.warehouse.name,
  ItemNumber: stock.product.number,
  ItemDescription: stock.product.name,
  SubinventoryCode: 'FG',
  PrimaryUOMCode: 'Ea',
  OnhandQuantity: stock.onhand,
  ReservedQuantity: stock.reserved,
  AvailableToTransact: Math.max(0, stock.onhand - stock.reserved),
  ReorderPoint: stock.reorderPoint,
  LastUpdateDate: stock.changedAt,
});

/** A nested shipment row flattened to one row per line (the `shipmentLines` view). */
export const flatShipmentLineRows = (shipment: Row): Row[] => {
  const { shipmentLines, ...header } = shipment;
  const lines = Array.isArray(shipmentLines) ? shipmentLines : [];
  return lines.map(({ ShipmentLine, ...line }) => ({
    ShipmentLineId: ShipmentLine ?? null,
    ...header,
    ...line,
  }));
};
