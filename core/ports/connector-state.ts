import * as z from 'zod';
import type { BackfillKind } from '../../schemas/entities/backfill.ts';

/** The outcome of a stream's last run, kept per connector and stream. */
export const StreamRunStatusSchema = z.object({
  connector: z.string(),
  stream: z.string(),
  status: z.enum(['running', 'succeeded', 'stopped', 'failed']),
  caughtUp: z.boolean(),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  recordsRead: z.number().int(),
  recordsWritten: z.number().int(),
  recordsQuarantined: z.number().int(),
  recordsDeleted: z.number().int(),
  /**
   * Quarantine entries this run removed: it took their records in, or, at the end of a complete full read, the
   * source no longer serves them (absent on statuses stored before the count was kept).
   */
  recordsReleased: z.number().int().optional(),
  pages: z.number().int(),
  requests: z.number().int(),
  retries: z.number().int(),
  durationMs: z.number(),
  /** How far behind the source the stream is: now minus the watermark, when the stream has one. */
  lagMs: z.number().optional(),
  watermark: z.string().optional(),
  error: z.string().optional(),
  /** What the run fell back on or skipped without failing (e.g. change tracking unavailable). */
  warnings: z.array(z.string()).optional(),
});
export type StreamRunStatus = z.infer<typeof StreamRunStatusSchema>;

/** A source record that could not be taken in, kept with its raw payload so nothing vanishes silently. */
export const QuarantineEntrySchema = z.object({
  connector: z.string(),
  stream: z.string(),
  /** The record's key when it could be read, else a hash of the payload. */
  recordKey: z.string(),
  reason: z.string(),
  raw: z.unknown(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  /** How many times the same record arrived invalid (overlap re-reads and retries count once each). */
  occurrences: z.number().int().min(1),
});
export type QuarantineEntry = z.infer<typeof QuarantineEntrySchema>;

/** Who holds a connector's run lease and until when (epoch ms); shown by `hub360 connectors`. */
export const ConnectorLeaseSchema = z.object({
  connector: z.string(),
  holder: z.string(),
  /** The lease lapses at this instant unless its holder renews it first. */
  leaseUntil: z.number(),
  /** When the holder took the lease (absent on leases written before it was recorded). */
  acquiredAt: z.number().optional(),
  /** The holder's last renewal. */
  renewedAt: z.number().optional(),
});
export type ConnectorLease = z.infer<typeof ConnectorLeaseSchema>;

/** A stored checkpoint: the stream's own state (validated by the stream) and when it was written. */
export interface StoredCheckpoint {
  readonly state: unknown;
  readonly savedAt: string;
  /**
   * Set while the checkpoint lies inside a backfill (initial load, full resync) that has not reached its end
   * (the run died or stopped for time): the run resuming from it still writes history, not news.
   */
  readonly backfill?: BackfillKind;
  /**
   * When the backfill began (absent outside one, and on checkpoints written before it was kept): quarantine
   * entries last filed before it that the complete backfill never filed again are no longer served.
   */
  readonly backfillStartedAt?: string;
}

/** What a checkpoint inside a backfill says about it (see {@link StoredCheckpoint}). */
export interface CheckpointBackfill {
  readonly backfill?: BackfillKind;
  readonly backfillStartedAt?: string;
}

/** Where connectors keep checkpoints, run status, quarantine and leases (the customer-360 table on both runtimes). */
export interface ConnectorStateStore {
  loadCheckpoint(connector: string, stream: string): Promise<StoredCheckpoint | undefined>;
  saveCheckpoint(
    connector: string,
    stream: string,
    state: unknown,
    savedAt: string,
    options?: CheckpointBackfill,
  ): Promise<void>;
  clearCheckpoint(connector: string, stream: string): Promise<void>;
  saveRunStatus(status: StreamRunStatus): Promise<void>;
  listRunStatuses(connector?: string): Promise<StreamRunStatus[]>;
  quarantine(entry: Omit<QuarantineEntry, 'firstSeenAt' | 'occurrences'>): Promise<void>;
  listQuarantine(options?: { connector?: string; limit?: number }): Promise<QuarantineEntry[]>;
  /** The record keys of one stream's quarantine entries, without their payloads (read once per stream run). */
  listQuarantinedKeys(connector: string, stream: string): Promise<string[]>;
  /** Removes one stream's quarantine entries of these record keys: a later run took the records in. */
  releaseQuarantined(connector: string, stream: string, recordKeys: readonly string[]): Promise<void>;
  /**
   * Removes one stream's quarantine entries last filed before `notFiledSince`, each only while it still was (a
   * filing in between keeps it); answers how many went. Called when a complete full read that began then has
   * ended: it read every record the source serves, so an entry it did not file again belongs to a record the
   * source no longer has (deleted without a marker, or fixed under another key: a `payload:` hash entry).
   */
  sweepQuarantine(connector: string, stream: string, notFiledSince: string): Promise<number>;
  /** Takes the connector's run lease until `expiresAt`; false if another run holds an unexpired one. */
  acquireLease(connector: string, holder: string, now: number, expiresAt: number): Promise<boolean>;
  /**
   * Moves the lease's expiry to `expiresAt` only while `holder` still holds it; false once another holder
   * has it or it is gone (the holder must then stop committing).
   */
  renewLease(connector: string, holder: string, now: number, expiresAt: number): Promise<boolean>;
  releaseLease(connector: string, holder: string): Promise<void>;
  /** The connector's lease as stored (possibly expired), or undefined when nobody took or kept one. */
  readLease(connector: string): Promise<ConnectorLease | undefined>;
  /** When keys were last reconciled against the source (for the reconciliation interval). */
  loadReconciledAt(connector: string, stream: string): Promise<string | undefined>;
  saveReconciledAt(connector: string, stream: string, at: string): Promise<void>;
}
