import { expect } from 'vitest';
import { MemoryBackend, type MemoryChange } from '../../adapters/memory/memory-backend.ts';
import { decideReactions } from '../../app/reactions/decide-reactions.ts';
import type { ChangeRecord } from '../../core/events/change-record.ts';
import { type IngestDeps, ingestPage } from '../../core/ingest/ingest-page.ts';
import type { CommitResult, WriteOp } from '../../core/items/write-ops.ts';
import type { ReactionsConfig } from '../../schemas/config/reactions-config.ts';
import type { CanonicalRecordInput } from '../../schemas/entities/canonical-record.ts';
import { email, exampleCustomer, exampleOrder } from '../../schemas/entities/examples.ts';
import { memoryIngestDeps } from './memory-ingest-deps.ts';

/**
 * The in-memory table with the reaction decisions following its stream: once `following`, the changes of each
 * commit are decided right after it, before the next commit; a change whose decision failed is kept for the
 * stream to deliver again. The decisions' clock is `now`, which a test may move on.
 */
export class FollowedBackend extends MemoryBackend {
  following = false;
  readonly failed: ChangeRecord[] = [];
  now: () => Date;
  private readonly config: ReactionsConfig;
  private readonly pending: ChangeRecord[] = [];
  private deciding = false;
  private sequence = 0;

  constructor(options: { readonly now: () => Date; readonly config: ReactionsConfig }) {
    super((change: MemoryChange) => this.record(change));
    this.now = options.now;
    this.config = options.config;
  }

  private record(change: MemoryChange) {
    this.sequence += 1;
    this.pending.push({
      ...change,
      sequenceNumber: String(this.sequence),
      approximateCreationDateTime: this.now().getTime() / 1000,
    });
  }

  /** Decides what the stream holds so far, as the subscription would. */
  async follow(): Promise<void> {
    if (this.deciding) return;
    this.deciding = true;
    try {
      while (this.pending.length > 0) {
        const changes = this.pending.splice(0);
        const result = await decideReactions(changes, { backend: this, now: this.now, config: this.config });
        const failed = new Set(result.failedSequenceNumbers);
        this.failed.push(...changes.filter((c) => failed.has(c.sequenceNumber)));
      }
    } finally {
      this.deciding = false;
    }
  }

  /** The stream delivers the failed changes again. */
  async redeliver(): Promise<void> {
    const again = this.failed.splice(0);
    const result = await decideReactions(again, { backend: this, now: this.now, config: this.config });
    expect(result.failedSequenceNumbers).toEqual([]);
  }

  override async commit(ops: readonly WriteOp[]): Promise<CommitResult> {
    const result = await super.commit(ops);
    if (this.following) await this.follow();
    return result;
  }
}

/**
 * Runs a restructuring with the decisions following each of its commits (unless `decide` is false: the stream
 * lags behind) and `between` run after each of them (given what it wrote), as another function (a sweep) may read
 * the table at any moment; says the sizes of the restructuring's commits.
 */
export const followed = async (
  backend: FollowedBackend,
  restructure: () => Promise<unknown>,
  options: {
    readonly decide?: boolean;
    readonly between?: (ops: readonly WriteOp[]) => Promise<unknown>;
  } = {},
): Promise<number[]> => {
  const sizes: number[] = [];
  const commit = backend.commit.bind(backend);
  let between = false;
  backend.commit = async (ops) => {
    if (between) return commit(ops);
    sizes.push(ops.length);
    const result = await commit(ops);
    if (options.between) {
      between = true;
      try {
        await options.between(ops);
      } finally {
        between = false;
      }
    }
    return result;
  };
  backend.following = options.decide ?? true;
  try {
    await restructure();
  } finally {
    backend.following = false;
    backend.commit = commit;
  }
  return sizes;
};

/** The customers holding records of `entity`: where a restructuring left them. */
export const recordOwners = (backend: MemoryBackend, entity: string): Set<unknown> =>
  new Set(
    [...backend.items.values()]
      .filter((item) => item.kind === 'record' && item.entity === entity)
      .map((item) => item.customerId),
  );

/**
 * c1 (the customer with e-mail a@x.de) holds `records`, all decided; c2 (b@x.de) holds 70 orders, more records, so
 * it survives a merge of the two and c1's records move.
 */
export const twoCustomersFollowed = async (
  backend: FollowedBackend,
  records: readonly CanonicalRecordInput[],
): Promise<IngestDeps> => {
  const deps = memoryIngestDeps(backend);
  await ingestPage([exampleCustomer({ key: 'A', version: '1' }, [email('a@x.de')])], deps);
  await ingestPage(records, deps);
  await ingestPage([exampleCustomer({ key: 'B', version: '1' }, [email('b@x.de')])], deps);
  await ingestPage(
    Array.from({ length: 70 }, (_, i) => exampleOrder({ key: `O-${i}`, version: '1' }, [email('b@x.de')])),
    deps,
  );
  await backend.follow();
  return deps;
};
