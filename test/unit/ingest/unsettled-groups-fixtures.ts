import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { keys } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import type { CommitResult, WriteOp, WriteOutcome } from '../../../core/items/write-ops.ts';

// The in-memory store the grouped unsettled path's tests run on (unsettled-groups*.test.ts).

/** Counts reads in flight and commits, and answers chosen commits (numbered from 1) with a loss or an error. */
export class ScriptedBackend extends MemoryBackend {
  inFlight = 0;
  maxInFlight = 0;
  commits = 0;
  /** Partitions read before the first commit of the page under test (reset with `commits`). */
  readBeforeCommit: string[] = [];
  losing = new Set<number>();
  /** Per successful commit, the record keys (their last part) whose locators it wrote. */
  written: string[][] = [];
  throwing = new Set<number>();
  /** Plain locator writes (the settled path's commit points) answered as lost, one by one, until none is left. */
  losingLocatorWrites = 0;
  override async writeEach(ops: readonly WriteOp[]): Promise<WriteOutcome[]> {
    const outcomes: WriteOutcome[] = [];
    for (const op of ops) {
      const isLocator = op.op === 'patch' && op.key.sk === keys.locatorSort;
      if (isLocator && this.losingLocatorWrites > 0) {
        this.losingLocatorWrites -= 1;
        outcomes.push('conditionFailed');
      } else outcomes.push(...(await super.writeEach([op])));
    }
    return outcomes;
  }
  override async readPartition(pk: string): Promise<Item[]> {
    this.inFlight += 1;
    if (this.commits === 0) this.readBeforeCommit.push(pk);
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((resolve) => setImmediate(resolve));
    this.inFlight -= 1;
    return super.readPartition(pk);
  }
  override async commit(ops: readonly WriteOp[]): Promise<CommitResult> {
    this.commits += 1;
    if (this.throwing.has(this.commits)) throw new Error('connection reset by the store');
    if (this.losing.has(this.commits)) return { ok: false, failedOps: [0] };
    this.written.push(
      ops.flatMap((op) => {
        const locator = /"pk":"SRC#customer#sap-s4#business-partners#(\w+)","sk":"LOCATOR"/.exec(
          JSON.stringify(op),
        );
        return locator?.[1] ? [locator[1]] : [];
      }),
    );
    return super.commit(ops);
  }
  ownerOf(idKey: string): unknown {
    return this.items.get(`${keys.identifier(idKey)}\u0000${keys.owner}`)?.customerId;
  }
}
