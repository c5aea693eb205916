import * as z from 'zod';
import { CATALOGUE_ENTITIES, CUSTOMER_ENTITIES } from '../../schemas/entities/canonical-record.ts';
import { IdentifierTypeSchema } from '../../schemas/entities/identifier.ts';
import { FieldMappingSchema, FieldMapSchema } from './field-mapping.ts';

/** Where a canonical record's customer identifier comes from. */
export const IdentifierRuleSchema = z.strictObject({
  type: IdentifierTypeSchema,
  value: FieldMappingSchema,
  /**
   * For `erp`: the connector name of the ERP that issued the number, as a constant (`{ value: 'sap-s4' }`)
   * or read from the record (an SCM shipment names its order's ERP). @default the connector's own name
   */
  system: FieldMappingSchema.optional(),
  /**
   * A required identifier that is missing or invalid quarantines the record; an optional one (an e-mail
   * typed wrongly into the ERP) is just left out so the rest of the record still arrives.
   */
  required: z.boolean().default(false),
  /**
   * What a value that is present but not a valid identifier of its type does (`orders(at)example.com` as an
   * e-mail): `quarantine` holds the whole record back with the field and the raw value in the reason, so a
   * person fixes it at the source; `drop-identifier` loads the record without that identifier.
   * @default 'quarantine'
   */
  onInvalid: z.enum(['quarantine', 'drop-identifier']).default('quarantine'),
});
export type IdentifierRule = z.infer<typeof IdentifierRuleSchema>;

/** How one source stream becomes canonical records: entity, version, identifiers and data fields. */
export const StreamMappingSchema = z.strictObject({
  entity: z.enum([...CUSTOMER_ENTITIES, ...CATALOGUE_ENTITIES]),
  /**
   * The record's version: newer versions win in the store, replays change nothing.
   * @default the stream's cursor (its last-changed time) as ISO
   */
  version: FieldMappingSchema.optional(),
  /**
   * Path of the key people know the record by at the source (a Business Central customer `number`, an SAP
   * `BusinessPartner`, an order number): quarantine entries are filed under it, so whoever fixes the record
   * finds it in the source's own screens. @default the stream's technical primary key
   */
  businessKey: z.string().min(1).optional(),
  identifiers: z.array(IdentifierRuleSchema).default([]),
  data: FieldMapSchema,
  /**
   * Flat rows grouped into one parent record: rows with the same value at `by` (e.g. Oracle shipment lines
   * by `ShipmentId`) become one record keyed by it, its fields taken from the newest row and every row
   * collected under `into`, so `data` maps `lines: { each: 'lines', fields: {...} }`. The stream reads all
   * rows of each group it meets (see the protocol's `groupQuery`), so a changed line never drops the others.
   */
  group: z
    .strictObject({
      by: z.string().min(1),
      into: z.string().min(1).default('lines'),
    })
    .optional(),
  /** A source-side delete marker: when the value at `path` equals `equals`, a tombstone is stored. */
  deletedWhen: z.strictObject({ path: z.string().min(1), equals: z.json() }).optional(),
});
export type StreamMapping = z.infer<typeof StreamMappingSchema>;
export type StreamMappingInput = z.input<typeof StreamMappingSchema>;
