import type { z } from 'zod';

/** One page as a stream reads it: raw records in source order and the state to resume from once they are stored. */
export interface RawPage<State> {
  readonly records: readonly unknown[];
  /** Where the next read starts after this page's records are committed (an Airbyte STATE message). */
  readonly state: State;
  /** Something an operator should know that does not stop the sync (a fallback taken), logged with the run. */
  readonly warning?: string;
  /**
   * How many records this read holds in all, where the source reports it cheaply (OData `@odata.count` /
   * `__count`, Oracle `totalResults`), for the progress bar; usually given with the first page only.
   */
  readonly total?: number;
}

export interface StreamReadOptions {
  /** Ignore the checkpoint and read everything the source holds. */
  readonly full: boolean;
  readonly signal?: AbortSignal;
  /**
   * Ask for at most this many records in the first page only, where the client chooses page sizes (OData v4's
   * `Prefer: odata.maxpagesize`): an initial load's first records then reach the store within seconds instead
   * of after a whole large page. Later pages keep the configured size; server-paged protocols ignore it.
   */
  readonly firstPageSize?: number;
}

/**
 * A readable stream of a source, in the spirit of the Airbyte protocol: a primary key, a cursor field, and an
 * incremental read that yields records with the checkpoint that follows them.
 */
export interface SourceStream<State = unknown> {
  readonly name: string;
  /** Field paths that identify a record in the source. */
  readonly primaryKey: readonly string[];
  /** Field the incremental read follows (a last-changed timestamp, an object key...). */
  readonly cursorField: string;
  /** Validates a stored checkpoint before it is trusted. */
  readonly stateSchema: z.ZodType<State>;
  read(state: State | undefined, options: StreamReadOptions): AsyncIterable<RawPage<State>>;
  /** How far the source has been read, as epoch ms, for the lag metric. */
  watermarkOf(state: State): number | undefined;
  /** Every key the source currently holds, for delete reconciliation (streams without delete markers). */
  listKeys?(signal?: AbortSignal): AsyncIterable<readonly string[]>;
}

/** A connection check's outcome (Airbyte `check`). */
export type CheckResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/** A configured source: its streams and a connection check. */
export interface Source {
  readonly connector: string;
  /** The `source.system` stamped on every canonical record (`sap-s4`, `business-central`...). */
  readonly system: string;
  readonly streams: readonly SourceStream[];
  check(signal?: AbortSignal): Promise<CheckResult>;
}
