import * as z from 'zod';
import { BackfillKindSchema } from './backfill.ts';
import { CustomerDataSchema } from './customer.ts';
import { IdentifierSchema } from './identifier.ts';
import { InstalledProductDataSchema } from './installed-product.ts';
import { InteractionDataSchema } from './interaction.ts';
import { InventoryDataSchema } from './inventory.ts';
import { InvoiceDataSchema } from './invoice.ts';
import { OrderDataSchema } from './order.ts';
import { ProductDataSchema } from './product.ts';
import { ShipmentDataSchema } from './shipment.ts';
import { SourceRefSchema } from './source.ts';
import { WebActivityDataSchema } from './web-activity.ts';

/**
 * The ingest envelope: what every connector hands to the store. `source` says where the record came
 * from and which version it is; `identifiers` are the customer identifiers found in it (for a customer
 * record its own, for an order the sold-to party's...); `data` is the entity in canonical form.
 * A tombstone (`source.deleted`) may omit `data`.
 */
const envelope = <E extends string, D extends z.ZodType>(entity: E, data: D) =>
  z.strictObject({
    entity: z.literal(entity),
    source: SourceRefSchema,
    identifiers: z.array(IdentifierSchema).max(50).default([]),
    data: data.optional(),
    /** Set by the connector sync when the record comes from an initial load or a full resync. */
    backfill: BackfillKindSchema.optional(),
  });

export const CustomerRecordSchema = envelope('customer', CustomerDataSchema);
export const OrderRecordSchema = envelope('order', OrderDataSchema);
export const InvoiceRecordSchema = envelope('invoice', InvoiceDataSchema);
export const ProductRecordSchema = envelope('product', ProductDataSchema);
export const InstalledProductRecordSchema = envelope('installedProduct', InstalledProductDataSchema);
export const ShipmentRecordSchema = envelope('shipment', ShipmentDataSchema);
export const InventoryRecordSchema = envelope('inventory', InventoryDataSchema);
export const WebActivityRecordSchema = envelope('webActivity', WebActivityDataSchema);
export const InteractionRecordSchema = envelope('interaction', InteractionDataSchema);

/** Entities that belong to a customer (their identifiers name the customer). */
export const CUSTOMER_ENTITIES = [
  'customer',
  'order',
  'invoice',
  'installedProduct',
  'shipment',
  'webActivity',
  'interaction',
] as const;
/** Entities shared by all customers (master and stock data), stored under the part number. */
export const CATALOGUE_ENTITIES = ['product', 'inventory'] as const;

export const CanonicalRecordSchema = z
  .discriminatedUnion('entity', [
    CustomerRecordSchema,
    OrderRecordSchema,
    InvoiceRecordSchema,
    ProductRecordSchema,
    InstalledProductRecordSchema,
    ShipmentRecordSchema,
    InventoryRecordSchema,
    WebActivityRecordSchema,
    InteractionRecordSchema,
  ])
  .superRefine((record, ctx) => {
    if (!record.source.deleted && record.data === undefined) {
      ctx.addIssue({ code: 'custom', path: ['data'], message: 'is required unless source.deleted is true' });
    }
    const ownedByCustomer = (CUSTOMER_ENTITIES as readonly string[]).includes(record.entity);
    if (ownedByCustomer && !record.source.deleted && record.identifiers.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['identifiers'],
        message: `a ${record.entity} record must carry at least one customer identifier`,
      });
    }
    if (!ownedByCustomer && record.identifiers.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['identifiers'],
        message: `a ${record.entity} record belongs to no customer and must carry no identifiers`,
      });
    }
  });
export type CanonicalRecordInput = z.input<typeof CanonicalRecordSchema>;
export type CanonicalRecord = z.output<typeof CanonicalRecordSchema>;
export type EntityName = CanonicalRecord['entity'];
export type CustomerEntityName = (typeof CUSTOMER_ENTITIES)[number];

/** A source record's identity across versions: entity, system, stream and source key. */
export const sourceRecordKey = (record: Pick<CanonicalRecord, 'entity' | 'source'>): string =>
  `${record.entity}#${record.source.system}#${record.source.stream}#${record.source.key}`;
