import type { KnownRecordKeys } from '../../core/ports/known-record-keys.ts';
import type { CanonicalRecordInput, EntityName } from '../../schemas/entities/canonical-record.ts';
import type { RecordSink } from './record-translator.ts';
import type { SourceStream } from './source-stream.ts';

export type { KnownRecordKeys };

export interface ReconcileInput {
  readonly entity: EntityName;
  readonly system: string;
  readonly stream: SourceStream;
  readonly known: KnownRecordKeys;
  readonly sink: RecordSink<CanonicalRecordInput>;
  readonly now: () => number;
  readonly signal?: AbortSignal;
}

/** Why a reconciliation did not delete anything although the store holds records. */
export class ReconciliationRefusedError extends Error {
  override readonly name = 'ReconciliationRefusedError';
}

const TOMBSTONES_PER_INGEST = 100;

/**
 * Detects deletes in a source that has no delete markers: every key the source lists now is compared with
 * the keys the store holds, and each stored key the source no longer has gets a tombstone (versioned now).
 * A source listing no keys at all is taken as a fault (wrong company, revoked rights), not as "all deleted".
 */
export const reconcileDeletes = async (input: ReconcileInput): Promise<number> => {
  if (!input.stream.listKeys) return 0;
  const present = new Set<string>();
  for await (const keys of input.stream.listKeys(input.signal)) for (const key of keys) present.add(key);
  const gone: string[] = [];
  let stored = 0;
  for await (const key of input.known.list(input.entity, input.system, input.stream.name)) {
    stored += 1;
    if (!present.has(key)) gone.push(key);
  }
  if (present.size === 0 && stored > 0) {
    throw new ReconciliationRefusedError(
      `${input.system}/${input.stream.name}: the source lists no keys but the store holds ${stored}; nothing deleted`,
    );
  }
  const version = new Date(input.now()).toISOString();
  for (let i = 0; i < gone.length; i += TOMBSTONES_PER_INGEST) {
    const tombstones: CanonicalRecordInput[] = gone.slice(i, i + TOMBSTONES_PER_INGEST).map((key) => ({
      entity: input.entity,
      source: { system: input.system, stream: input.stream.name, key, version, deleted: true },
      identifiers: [],
    }));
    await input.sink.ingest(tombstones);
  }
  return gone.length;
};
