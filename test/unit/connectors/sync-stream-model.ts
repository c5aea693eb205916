import * as z from 'zod';
import type { RecordSink, RecordTranslator } from '../../../connectors/kit/record-translator.ts';
import type { RawPage, SourceStream } from '../../../connectors/kit/source-stream.ts';
import type {
  CheckpointBackfill,
  ConnectorStateStore,
  QuarantineEntry,
  StoredCheckpoint,
  StreamRunStatus,
} from '../../../core/ports/connector-state.ts';

/**
 * A tiny source, sink and connector state for crash tests of `syncStream`: the source is a table of rows
 * with an ever-increasing change sequence (like a last-changed cursor), read lazily page by page so rows
 * written during a run are seen by later pages or the next run, exactly as a live source behaves.
 */
export interface SourceRow {
  readonly key: string;
  readonly seq: number;
  readonly value: string;
}

export class ModelSource {
  readonly rows = new Map<string, SourceRow>();
  private seq = 0;
  /** The resume states each `read` started from, in call order (to show a run resumed from a checkpoint). */
  readonly readsFrom: (number | undefined)[] = [];

  write(key: string, value: string): void {
    this.seq += 1;
    this.rows.set(key, { key, seq: this.seq, value });
  }

  stream(pageSize: number): SourceStream<{ seq: number }> {
    const source = this;
    return {
      name: 'rows',
      primaryKey: ['key'],
      cursorField: 'seq',
      stateSchema: z.object({ seq: z.number().int() }),
      watermarkOf: () => undefined,
      async *read(state): AsyncIterable<RawPage<{ seq: number }>> {
        source.readsFrom.push(state?.seq);
        let after = state?.seq ?? 0;
        for (;;) {
          const page = [...source.rows.values()]
            .filter((r) => r.seq > after)
            .sort((a, b) => a.seq - b.seq)
            .slice(0, pageSize);
          const last = page.at(-1);
          if (!last) return;
          after = last.seq;
          yield { records: page, state: { seq: last.seq } };
        }
      },
    };
  }
}

/** The error a crash test injects: the process died at the named step. */
export class ProcessDiedError extends Error {
  override readonly name = 'ProcessDiedError';
}

export type CrashStep = 'before-commit' | 'after-commit' | 'after-checkpoint';

/** Where the process dies (the n-th occurrence of a step counted from 0) and what happens before it. */
export interface CrashPlan {
  readonly step: CrashStep;
  readonly occurrence: number;
}

export class ModelSink implements RecordSink<SourceRow> {
  readonly stored = new Map<string, SourceRow>();
  commits = 0;
  crash: CrashPlan | undefined;
  /** Called after each commit, before the checkpoint (where new source data may arrive). */
  afterCommit: (() => void) | undefined;
  /** Record keys the store refuses (a `rejected` outcome). */
  readonly refuse = new Set<string>();

  async ingest(records: readonly SourceRow[]) {
    const n = this.commits++;
    if (this.crash?.step === 'before-commit' && this.crash.occurrence === n)
      throw new ProcessDiedError(`died before commit ${n}`);
    const outcomes = records.map((r, index) => {
      if (this.refuse.has(r.key)) return { index, outcome: 'rejected', reason: `key ${r.key} refused` };
      const previous = this.stored.get(r.key);
      if (!previous || previous.seq < r.seq) this.stored.set(r.key, r);
      return { index, outcome: 'stored' };
    });
    this.afterCommit?.();
    if (this.crash?.step === 'after-commit' && this.crash.occurrence === n)
      throw new ProcessDiedError(`died after commit ${n}`);
    return { outcomes };
  }
}

export const identityTranslator: RecordTranslator<SourceRow> = (raw) => {
  const row = raw as SourceRow;
  if (row.value === 'invalid') return { ok: false, key: row.key, reason: 'value is not valid' };
  return { ok: true, key: row.key, records: [row] };
};

/**
 * An in-memory connector state; `saveCheckpoint` can die right after it wrote. Its quarantine holds one entry per
 * record key (the tests run one connector and stream against it).
 */
export class ModelConnectorState implements ConnectorStateStore {
  readonly checkpoints = new Map<string, StoredCheckpoint>();
  readonly statuses: StreamRunStatus[] = [];
  readonly quarantined = new Map<string, QuarantineEntry>();
  private saves = 0;
  crash: CrashPlan | undefined;

  async loadCheckpoint(connector: string, stream: string) {
    return this.checkpoints.get(`${connector}/${stream}`);
  }
  async saveCheckpoint(
    connector: string,
    stream: string,
    state: unknown,
    savedAt: string,
    inside: CheckpointBackfill = {},
  ) {
    const n = this.saves++;
    this.checkpoints.set(`${connector}/${stream}`, { state, savedAt, ...inside });
    if (this.crash?.step === 'after-checkpoint' && this.crash.occurrence === n)
      throw new ProcessDiedError(`died after checkpoint ${n}`);
  }
  async clearCheckpoint(connector: string, stream: string) {
    this.checkpoints.delete(`${connector}/${stream}`);
  }
  async saveRunStatus(status: StreamRunStatus) {
    this.statuses.push(status);
  }
  async listRunStatuses() {
    return [...this.statuses];
  }
  async quarantine(entry: Omit<QuarantineEntry, 'firstSeenAt' | 'occurrences'>) {
    const previous = this.quarantined.get(entry.recordKey);
    this.quarantined.set(entry.recordKey, {
      ...entry,
      firstSeenAt: previous?.firstSeenAt ?? entry.lastSeenAt,
      occurrences: (previous?.occurrences ?? 0) + 1,
    });
  }
  async listQuarantine() {
    return [...this.quarantined.values()];
  }
  /** How often a run read the quarantined keys (once per stream run is the budget). */
  keyReads = 0;
  async listQuarantinedKeys(connector: string, stream: string) {
    this.keyReads += 1;
    return [...this.quarantined.values()]
      .filter((q) => q.connector === connector && q.stream === stream)
      .map((q) => q.recordKey);
  }
  /** Every key a run asked to release, in call order. */
  readonly releases: string[] = [];
  async releaseQuarantined(connector: string, stream: string, recordKeys: readonly string[]) {
    this.releases.push(...recordKeys);
    for (const key of recordKeys) {
      const entry = this.quarantined.get(key);
      if (entry?.connector === connector && entry.stream === stream) this.quarantined.delete(key);
    }
  }
  /** Every sweep a run asked for: the time before which unfiled entries go. */
  readonly sweeps: string[] = [];
  async sweepQuarantine(connector: string, stream: string, notFiledSince: string) {
    this.sweeps.push(notFiledSince);
    let swept = 0;
    for (const [key, entry] of this.quarantined) {
      if (entry.connector === connector && entry.stream === stream && entry.lastSeenAt < notFiledSince) {
        this.quarantined.delete(key);
        swept += 1;
      }
    }
    return swept;
  }
  async acquireLease() {
    return true;
  }
  async renewLease() {
    return true;
  }
  async releaseLease() {}
  async readLease() {
    return undefined;
  }
  async loadReconciledAt() {
    return undefined;
  }
  async saveReconciledAt() {}
}
