import { recordKeyOf } from '../../../connectors/kit/incremental/timestamp-stream.ts';
import type { SandboxSystem, SandboxTruth } from '../../../sandbox/index.ts';

/** What a connector stream should hold after a sync: the source's current records, keyed as the store keys them. */
export interface StreamExpectation {
  readonly stream: string;
  readonly entity: string;
  /** The sandbox's name for the stream in data faults (`A_SalesOrder`, `Parts`...). */
  readonly sourceName: string;
  readonly keys: (truth: SandboxTruth) => string[];
}

export interface ConnectorExpectation {
  readonly connector: string;
  /** Fault controller of the system; undefined for the clickstream folder. */
  readonly system?: Exclude<SandboxSystem, 'inbox'>;
  readonly streams: readonly StreamExpectation[];
}

const keysOf = (records: readonly unknown[], keyFields: readonly string[]) =>
  records.flatMap((r) => recordKeyOf(r, keyFields) ?? []);

/** Every connector the sandbox serves, its streams and where each stream's truth lives. */
export const connectorExpectations: readonly ConnectorExpectation[] = [
  {
    connector: 'sap-s4',
    system: 'sapS4',
    streams: [
      {
        stream: 'business-partners',
        entity: 'customer',
        sourceName: 'A_BusinessPartner',
        keys: (t) => keysOf(t.sapS4.A_BusinessPartner, ['BusinessPartner']),
      },
      {
        stream: 'sales-orders',
        entity: 'order',
        sourceName: 'A_SalesOrder',
        keys: (t) => keysOf(t.sapS4.A_SalesOrder, ['SalesOrder']),
      },
      {
        stream: 'billing-documents',
        entity: 'invoice',
        sourceName: 'A_BillingDocument',
        keys: (t) => keysOf(t.sapS4.A_BillingDocument, ['BillingDocument']),
      },
      {
        stream: 'installed-base',
        entity: 'installedProduct',
        sourceName: 'Equipment',
        keys: (t) => keysOf(t.sapS4.Equipment, ['Equipment']),
      },
    ],
  },
  {
    connector: 'business-central',
    system: 'businessCentral',
    streams: [
      {
        stream: 'customers',
        entity: 'customer',
        sourceName: 'customers',
        keys: (t) => keysOf(t.businessCentral.customers, ['id']),
      },
      {
        stream: 'sales-orders',
        entity: 'order',
        sourceName: 'salesOrders',
        keys: (t) => keysOf(t.businessCentral.salesOrders, ['id']),
      },
      {
        stream: 'sales-invoices',
        entity: 'invoice',
        sourceName: 'salesInvoices',
        keys: (t) => keysOf(t.businessCentral.salesInvoices, ['id']),
      },
    ],
  },
  {
    connector: 'windchill',
    system: 'windchill',
    streams: [
      {
        stream: 'parts',
        entity: 'product',
        sourceName: 'Parts',
        keys: (t) => keysOf(t.windchill.Parts, ['ID']),
      },
    ],
  },
  {
    connector: 'oracle-scm',
    system: 'oracleScm',
    streams: [
      {
        stream: 'shipments',
        entity: 'shipment',
        sourceName: 'shipments',
        keys: (t) => keysOf(t.oracleScm.shipments, ['ShipmentId']),
      },
      {
        stream: 'onhand-inventory',
        entity: 'inventory',
        sourceName: 'onhandQuantityDetails',
        keys: (t) =>
          keysOf(t.oracleScm.onhandQuantityDetails, ['OrganizationCode', 'ItemNumber', 'SubinventoryCode']),
      },
    ],
  },
  {
    connector: 'service-desk',
    system: 'serviceDesk',
    streams: [
      {
        stream: 'tickets',
        entity: 'interaction',
        sourceName: 'tickets',
        keys: (t) => t.serviceDesk.tickets.filter((x) => x.status !== 'deleted').map((x) => String(x.id)),
      },
    ],
  },
  {
    connector: 'clickstream',
    streams: [
      {
        stream: 'events',
        entity: 'webActivity',
        sourceName: 'events',
        keys: (t) => [...new Set(t.clickstream.events.map((e) => String(e.messageId)))],
      },
    ],
  },
];

/** The record key the store uses for a source record. */
export const storeRecordKey = (entity: string, connector: string, stream: string, key: string) =>
  `${entity}#${connector}#${stream}#${key}`;
