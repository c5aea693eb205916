import * as z from 'zod';

/** Where a canonical record came from, and which version of it this is. */
export const SourceRefSchema = z.strictObject({
  /** Connector instance, e.g. `sap-s4`, `bc-eu`, `windchill`, `segment-web`. */
  system: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be the connector instance name in kebab-case, e.g. sap-s4'),
  /** Entity stream inside the system, e.g. `business-partners`, `sales-orders`. */
  stream: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/,
      'must be a stream name: letters, digits, dot, dash, underscore',
    ),
  /** The source's primary key of the record. */
  key: z.string().min(1).max(512),
  /**
   * The source's last-changed timestamp (ISO-8601) or a monotonic version; compared so that an older
   * or replayed record never replaces a newer one. ISO timestamps compare as instants, digit strings as
   * numbers, anything else lexically.
   */
  version: z.string().min(1).max(64),
  /** Tombstone: the source deleted the record. */
  deleted: z.boolean().optional(),
});
export type SourceRef = z.infer<typeof SourceRefSchema>;

/** Where a value in the golden profile came from: source system, source record, time. */
export const ProvenanceSchema = z.strictObject({
  system: z.string(),
  stream: z.string(),
  key: z.string(),
  version: z.string(),
});
export type Provenance = z.infer<typeof ProvenanceSchema>;

/** ISO-8601 date-time with offset (`2026-03-01T10:00:00Z`). */
export const IsoDateTimeSchema = z.iso.datetime({ offset: true });
/** ISO-8601 calendar date (`2026-03-01`). */
export const IsoDateSchema = z.iso.date();
/** ISO 4217 currency code. */
export const CurrencySchema = z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 currency code such as EUR');
/** A PDM part number. */
export const PartNumberSchema = z.string().trim().min(1).max(128);
