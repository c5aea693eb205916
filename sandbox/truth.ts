import type { SandboxEndpoints } from './endpoints.ts';
import type { EntitySetMeta, Row } from './odata/entity-model.ts';
import type { Json } from './odata/v2-format.ts';
import { toV2Entity } from './odata/v2-format.ts';
import { toV4Entity } from './odata/v4-format.ts';
import type { LandedFile } from './systems/clickstream/clickstream-writer.ts';
import type { SegmentEvent } from './systems/clickstream/segment-events.ts';
import { toOracleItem } from './systems/oracle-scm/oracle-server.ts';
import type { SourceTable } from './world/source-table.ts';
import type { SandboxTables, TableSystem } from './world/world.ts';

/** A record exactly as the system serves it (children expanded), for "full read equals source" checks. */
export type SourceRecord = { [key: string]: Json };

/** Snapshot of every system's current source data. */
export interface SandboxTruth {
  readonly sapS4: {
    readonly A_BusinessPartner: SourceRecord[];
    readonly A_SalesOrder: SourceRecord[];
    readonly A_BillingDocument: SourceRecord[];
    readonly Equipment: SourceRecord[];
  };
  readonly businessCentral: {
    readonly customers: SourceRecord[];
    readonly salesOrders: SourceRecord[];
    readonly salesInvoices: SourceRecord[];
  };
  readonly windchill: { readonly Parts: SourceRecord[] };
  readonly oracleScm: { readonly shipments: SourceRecord[]; readonly onhandQuantityDetails: SourceRecord[] };
  /** Service desk tickets as the export renders them (status `deleted` included, as Zendesk exports them). */
  readonly serviceDesk: { readonly tickets: SourceRecord[] };
  readonly clickstream: { readonly files: readonly LandedFile[]; readonly events: readonly SegmentEvent[] };
  /** Keys (key fields joined by `|`) of rows removed so far, per system and stream. */
  readonly removed: Readonly<Record<TableSystem, Readonly<Record<string, string[]>>>>;
}

/** All navigation paths of an entity, nested (`to_BusinessPartnerAddress/to_EmailAddress`). */
const allExpandPaths = (entity: EntitySetMeta, depth = 0): string[][] =>
  depth > 2
    ? []
    : Object.entries(entity.navigations).flatMap(([name, navigation]) => {
        if (navigation.target === entity) return []; // Windchill part links point back at Parts
        const nested = allExpandPaths(navigation.target, depth + 1);
        return nested.length === 0 ? [[name]] : nested.map((path) => [name, ...path]);
      });

const v2Records = (table: SourceTable, endpoints: SandboxEndpoints, serviceName: string): SourceRecord[] =>
  table.all().map((row: Row) =>
    toV2Entity(row, table.meta, {
      serviceRoot: `${endpoints.sapS4}/${serviceName}`,
      serviceName,
      expand: allExpandPaths(table.meta),
    }),
  );

const v4Records = (table: SourceTable): SourceRecord[] =>
  table.all().map((row) => toV4Entity(row, table.meta, { expand: allExpandPaths(table.meta) }));

const oracleRecords = (table: SourceTable, endpoints: SandboxEndpoints): SourceRecord[] =>
  table.all().map((row) =>
    toOracleItem(row, table.meta, {
      resourceUrl: `${endpoints.oracleScm}/${table.meta.name}`,
      expand: Object.keys(table.meta.navigations),
      onlyData: true,
    }),
  );

const removedKeys = (tables: SandboxTables): SandboxTruth['removed'] => {
  const out: Record<string, Record<string, string[]>> = {};
  for (const [system, streams] of Object.entries(tables)) {
    const perStream: Record<string, string[]> = {};
    for (const [name, table] of Object.entries<SourceTable>(streams)) perStream[name] = table.removedKeys();
    out[system] = perStream;
  }
  return out as SandboxTruth['removed'];
};

/** Renders the current source data of every system in its wire format. */
export const renderTruth = (
  tables: SandboxTables,
  endpoints: SandboxEndpoints,
  clickstream: SandboxTruth['clickstream'],
  serviceDesk: SandboxTruth['serviceDesk'] = { tickets: [] },
): SandboxTruth => ({
  serviceDesk,
  sapS4: {
    A_BusinessPartner: v2Records(tables.sapS4.A_BusinessPartner, endpoints, 'API_BUSINESS_PARTNER'),
    A_SalesOrder: v2Records(tables.sapS4.A_SalesOrder, endpoints, 'API_SALES_ORDER_SRV'),
    A_BillingDocument: v2Records(tables.sapS4.A_BillingDocument, endpoints, 'API_BILLING_DOCUMENT_SRV'),
    Equipment: v2Records(tables.sapS4.Equipment, endpoints, 'API_EQUIPMENT'),
  },
  businessCentral: {
    customers: v4Records(tables.businessCentral.customers),
    salesOrders: v4Records(tables.businessCentral.salesOrders),
    salesInvoices: v4Records(tables.businessCentral.salesInvoices),
  },
  windchill: { Parts: v4Records(tables.windchill.Parts) },
  oracleScm: {
    shipments: oracleRecords(tables.oracleScm.shipments, endpoints),
    onhandQuantityDetails: oracleRecords(tables.oracleScm.onhandQuantityDetails, endpoints),
  },
  clickstream,
  removed: removedKeys(tables),
});
