import type { Preset } from './preset.ts';

/** Which ERP connector issued the order a shipment belongs to, by Oracle's source order system code. */
const orderSystems = { S4HANA: 'sap-s4', BUSINESS_CENTRAL: 'business-central' };

/**
 * Oracle Fusion Cloud SCM REST: shipments and on-hand quantities, offset paging (`items`, `hasMore`),
 * filtered with the `q` finder syntax on `LastUpdateDate`.
 */
export const oracleScmPreset: Preset = {
  description: 'Oracle Fusion SCM REST: shipments and on-hand inventory (offset paging, LastUpdateDate)',
  streams: {
    shipments: {
      protocol: 'rest',
      source: {
        path: '/shipments',
        keyFields: ['ShipmentId'],
        cursorField: 'LastUpdateDate',
        windowFilter: {
          param: 'q',
          from: "LastUpdateDate >= '{value}'",
          upTo: "LastUpdateDate <= '{value}'",
          separator: ' and ',
        },
        params: { orderBy: 'LastUpdateDate:asc,ShipmentId:asc', expand: 'shipmentLines', onlyData: 'true' },
        paging: { kind: 'offset', limit: 100 },
        total: { params: { totalResults: 'true' }, field: 'totalResults' },
      },
      mapping: {
        entity: 'shipment',
        // The shipment number people see in Oracle's screens; `ShipmentId` is the internal surrogate.
        businessKey: 'Shipment',
        identifiers: [
          {
            type: 'erp',
            value: 'ShipToCustomerNumber',
            system: { path: 'SourceOrderSystem', lookup: orderSystems },
            required: true,
          },
        ],
        data: {
          shipmentNumber: { path: 'Shipment', transform: 'string' },
          orderNumber: { path: 'SourceOrderNumber', transform: 'emptyToMissing' },
          status: {
            path: 'ShipmentStatusCode',
            lookup: {
              OPEN: 'planned',
              PICKED: 'picked',
              SHIP_CONFIRMED: 'shipped',
              IN_TRANSIT: 'inTransit',
              DELIVERED: 'delivered',
              DELAYED: 'delayed',
              CANCELED: 'cancelled',
            },
          },
          promisedDate: { path: 'PlannedArrivalDate', transform: 'isoDate' },
          shippedAt: { path: 'ActualShipDate', transform: 'isoDateTime' },
          deliveredAt: { path: 'ActualDeliveryDate', transform: 'isoDateTime' },
          carrier: { path: 'Carrier', transform: 'emptyToMissing' },
          trackingNumber: { path: 'TrackingNumber', transform: 'emptyToMissing' },
          lines: {
            each: 'shipmentLines',
            fields: {
              partNumber: 'ItemNumber',
              quantity: { path: 'RequestedQuantity', transform: 'number' },
            },
          },
        },
      },
    },
    'onhand-inventory': {
      protocol: 'rest',
      source: {
        path: '/onhandQuantityDetails',
        keyFields: ['OrganizationCode', 'ItemNumber', 'SubinventoryCode'],
        cursorField: 'LastUpdateDate',
        windowFilter: {
          param: 'q',
          from: "LastUpdateDate >= '{value}'",
          upTo: "LastUpdateDate <= '{value}'",
          separator: ' and ',
        },
        params: {
          orderBy: 'LastUpdateDate:asc,OrganizationCode:asc,ItemNumber:asc,SubinventoryCode:asc',
          onlyData: 'true',
        },
        paging: { kind: 'offset', limit: 200 },
        total: { params: { totalResults: 'true' }, field: 'totalResults' },
      },
      mapping: {
        entity: 'inventory',
        data: {
          partNumber: 'ItemNumber',
          site: { join: ['OrganizationCode', 'SubinventoryCode'], separator: '/' },
          onHand: { path: 'OnhandQuantity', transform: 'number' },
          allocated: { path: 'ReservedQuantity', transform: 'number' },
          // On-hand balances carry no lead time; this default is meant to be overridden per installation.
          leadTimeDays: { value: 10 },
          unit: { path: 'PrimaryUOMCode', transform: 'emptyToMissing' },
          asOf: { path: 'LastUpdateDate', transform: 'isoDateTime' },
        },
      },
    },
  },
};
