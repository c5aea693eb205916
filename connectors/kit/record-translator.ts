import type { BackfillKind } from '../../schemas/entities/backfill.ts';

/** What became of one raw source record: canonical records to store, or a reason to quarantine it. */
export type Translation<R> =
  | {
      readonly ok: true;
      readonly key: string;
      readonly records: readonly R[];
      readonly deleted?: boolean;
      /** The key people know the record by at the source, should the store reject it (quarantine files it so). */
      readonly businessKey?: string;
    }
  | { readonly ok: false; readonly key: string | undefined; readonly reason: string };

/** Validates a raw source record and maps it to canonical records (per stream, from configured mappings). */
export type RecordTranslator<R> = (raw: unknown) => Translation<R>;

/** The sink's verdict on one record of an ingest call (the customer store's `RecordOutcome` fits). */
export interface SinkOutcome {
  readonly index: number;
  readonly outcome: string;
  readonly reason?: string;
}

/**
 * Where canonical records are committed (the customer-360 store); the promise resolves only once every
 * record is durably written or has its outcome. `rejected` outcomes are quarantined by the sync.
 */
export interface RecordSink<R> {
  ingest(
    records: readonly R[],
    options?: { readonly backfill?: BackfillKind },
  ): Promise<{ readonly outcomes: readonly SinkOutcome[] }>;
}
