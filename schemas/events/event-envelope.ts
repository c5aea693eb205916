import * as z from 'zod';

/** Correlation and idempotency data every hub360 event carries in `detail.metadata`. */
export const EventMetadataSchema = z.strictObject({
  /**
   * Derived from the change that caused the event: a redelivered change yields the same id. An event announcing
   * a source record's version takes its id from the record and version, wherever that version is written.
   */
  eventId: z.string().min(1),
  /** Shared by every event caused by the same source change (or the same identity decision). */
  correlationId: z.string().min(1),
  /** When the change was committed (stream record time), ISO-8601. */
  occurredAt: z.iso.datetime({ offset: true }),
  /** The function that published the event. */
  producer: z.string().min(1),
  /**
   * Set when the event describes history rather than a live change: an initial load, a `--full`
   * resync or a replay of the archive. Reaction rules ignore such events unless they opt in.
   */
  backfill: z.enum(['initialLoad', 'fullResync', 'replay']).optional(),
});
export type EventMetadata = z.infer<typeof EventMetadataSchema>;

/** A domain event type: its EventBridge `source`, `detail-type`, version and detail schema. */
export interface EventDefinition<D extends z.ZodType = z.ZodType> {
  readonly source: `hub360.${string}`;
  readonly detailType: string;
  readonly schemaVersion: number;
  readonly description: string;
  readonly detail: D;
}

/**
 * Declares an event: the detail schema is the payload plus `schemaVersion` (a literal, so a consumer
 * can tell versions apart) and `metadata`.
 */
export const defineEvent = <S extends z.ZodRawShape, V extends number>(spec: {
  source: `hub360.${string}`;
  detailType: string;
  schemaVersion: V;
  description: string;
  payload: S;
}) => {
  const detail = z.strictObject({
    schemaVersion: z.literal(spec.schemaVersion),
    metadata: EventMetadataSchema,
    ...spec.payload,
  });
  return {
    source: spec.source,
    detailType: spec.detailType,
    schemaVersion: spec.schemaVersion,
    description: spec.description,
    detail,
  } satisfies EventDefinition<typeof detail>;
};

/** An event ready for PutEvents: which type it is and its detail. */
export interface HubEvent {
  readonly source: string;
  readonly detailType: string;
  readonly detail: { readonly metadata: EventMetadata } & Record<string, unknown>;
}
