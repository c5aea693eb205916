import type { EntitySetMeta } from '../../odata/entity-model.ts';

/** Oracle Fusion SCM REST resources the sandbox serves (`/fscmRestApi/resources/11.13.18.05/<name>`). */

export const shipmentLineMeta: EntitySetMeta = {
  name: 'shipmentLines',
  typeName: 'shipmentLines',
  keyFields: ['ShipmentLine'],
  properties: {
    ShipmentLine: 'Edm.Int32',
    ItemNumber: 'Edm.String',
    ItemDescription: 'Edm.String',
    RequestedQuantity: 'Edm.Decimal',
    ShippedQuantity: 'Edm.Decimal',
    RequestedQuantityUOM: 'Edm.String',
    SourceOrderLineNumber: 'Edm.String',
  },
  navigations: {},
};

export const shipmentMeta: EntitySetMeta = {
  name: 'shipments',
  typeName: 'shipments',
  keyFields: ['ShipmentId'],
  changedField: 'LastUpdateDate',
  properties: {
    ShipmentId: 'Edm.Int32',
    Shipment: 'Edm.String',
    OrganizationCode: 'Edm.String',
    ShipToPartyName: 'Edm.String',
    ShipToCustomerNumber: 'Edm.String',
    SourceOrderSystem: 'Edm.String',
    SourceOrderNumber: 'Edm.String',
    ShipmentStatusCode: 'Edm.String',
    ShipmentStatus: 'Edm.String',
    Carrier: 'Edm.String',
    TrackingNumber: 'Edm.String',
    PlannedShipDate: 'Edm.DateTimeOffset',
    ActualShipDate: 'Edm.DateTimeOffset',
    PlannedArrivalDate: 'Edm.DateTimeOffset',
    ActualDeliveryDate: 'Edm.DateTimeOffset',
    CreationDate: 'Edm.DateTimeOffset',
    LastUpdateDate: 'Edm.DateTimeOffset',
    LastUpdatedBy: 'Edm.String',
  },
  navigations: { shipmentLines: { target: shipmentLineMeta } },
};

export const onhandQuantityMeta: EntitySetMeta = {
  name: 'onhandQuantityDetails',
  typeName: 'onhandQuantityDetails',
  keyFields: ['OrganizationCode', 'ItemNumber', 'SubinventoryCode'],
  changedField: 'LastUpdateDate',
  properties: {
    OrganizationCode: 'Edm.String',
    OrganizationName: 'Edm.String',
    ItemNumber: 'Edm.String',
    ItemDescription: 'Edm.String',
    SubinventoryCode: 'Edm.String',
    PrimaryUOMCode: 'Edm.String',
    OnhandQuantity: 'Edm.Decimal',
    ReservedQuantity: 'Edm.Decimal',
    AvailableToTransact: 'Edm.Decimal',
    ReorderPoint: 'Edm.Decimal',
    LastUpdateDate: 'Edm.DateTimeOffset',
  },
  navigations: {},
};

/** Resources under the REST root, by name. */
export const oracleResources: Readonly<Record<string, EntitySetMeta>> = {
  shipments: shipmentMeta,
  onhandQuantityDetails: onhandQuantityMeta,
};

/**
 * Shipments as one row per shipment line (an installation exposing a flat shipment-lines view): the
 * header attributes repeated on each line, keyed by `ShipmentLineId`.
 */
export const flatShipmentLineMeta: EntitySetMeta = {
  name: 'shipmentLines',
  typeName: 'shipmentLines',
  keyFields: ['ShipmentLineId'],
  changedField: 'LastUpdateDate',
  properties: {
    ShipmentLineId: 'Edm.Int32',
    ...shipmentMeta.properties,
    ItemNumber: 'Edm.String',
    ItemDescription: 'Edm.String',
    RequestedQuantity: 'Edm.Decimal',
    ShippedQuantity: 'Edm.Decimal',
    RequestedQuantityUOM: 'Edm.String',
    SourceOrderLineNumber: 'Edm.String',
  },
  navigations: {},
};
