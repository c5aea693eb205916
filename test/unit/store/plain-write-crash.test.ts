import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryBackend, type MemoryChange } from '../../../adapters/memory/memory-backend.ts';
import { type IngestDeps, ingestPage } from '../../../core/ingest/ingest-page.ts';
import type { Item } from '../../../core/items/record-items.ts';
import type { CommitResult, ItemKey, WriteOp, WriteOutcome } from '../../../core/items/write-ops.ts';
import { checkStoreInvariants } from '../../../core/store-check/check-store-invariants.ts';
import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import { email, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';
import { memoryIngestDeps } from '../../support/memory-ingest-deps.ts';
import { announcementBreachesOf } from './announcements.ts';
import { invariantBreachesOf, storedVersionsOf } from './store-reference-model.ts';

// A process killed at any single write of a page that takes the plain-write path (core/ingest/write-plain.ts),
// then, maybe, a merge of all its customers into one by another process, then the page again (its connector did not
// checkpoint): the store ends consistent, with the latest version of every record, once, and no stray line.

const runs = Number(process.env.HUB360_PROPERTY_RUNS ?? (process.env.HUB360_DEEP_TESTS ? '10' : '1'));

/** A store that dies at its n-th write request (single write or transaction): every later call throws. */
class MortalBackend extends MemoryBackend {
  writes = 0;
  constructor(
    private readonly dieAt: number,
    onChange: (change: MemoryChange) => void,
  ) {
    super(onChange);
  }
  private step() {
    if (this.writes++ >= this.dieAt) throw new Error('process killed');
  }
  override async commit(ops: readonly WriteOp[]): Promise<CommitResult> {
    this.step();
    return super.commit(ops);
  }
  override async writeEach(ops: readonly WriteOp[]): Promise<WriteOutcome[]> {
    const outcomes: WriteOutcome[] = [];
    for (const op of ops) {
      this.step();
      outcomes.push(...(await super.writeEach([op])));
    }
    return outcomes;
  }
  override async getItems(keys: readonly ItemKey[]): Promise<Map<string, Item>> {
    if (this.writes > this.dieAt) throw new Error('process killed');
    return super.getItems(keys);
  }
}

const deps = (backend: MemoryBackend, writer: string): IngestDeps => {
  let n = 0;
  return memoryIngestDeps(backend, {
    newCustomerId: () => `${writer}-c${++n}`,
    maxAttempts: 10,
    newWriterId: () => writer,
    plainWrites: true,
  });
};

const CUSTOMERS = ['1', '2', '3'];
const customerRecord = (n: string, version: string) =>
  exampleCustomer({ key: n, version }, [email(`${n}@x.de`)]);

const changeArbitrary = fc.record({
  customer: fc.constantFrom(...CUSTOMERS),
  order: fc.constantFrom('o1', 'o2', 'o3'),
  lines: fc.integer({ min: 1, max: 3 }),
});

const scenarioArbitrary = fc.record({
  before: fc.array(changeArbitrary, { minLength: 0, maxLength: 3 }),
  page: fc.array(changeArbitrary, { minLength: 1, maxLength: 4 }),
  dieAt: fc.nat(24),
  merge: fc.boolean(),
});

interface Change {
  readonly customer: string;
  readonly order: string;
  readonly lines: number;
}

const order = (change: Change, version: string): CanonicalRecordInput =>
  exampleOrder({ key: change.order, version }, [email(`${change.customer}@x.de`)], {
    lines: Array.from({ length: change.lines }, (_, i) => ({
      partNumber: `P-${change.order}-${i}`,
      quantity: i + 1,
    })),
  });

/** One version of each order per page (the newest change of it), as a connector's page delivers it. */
const pageOf = (changes: readonly Change[], version: string) =>
  [...new Map(changes.map((c) => [c.order, c])).values()].map((c) => order(c, version));

describe('a process killed in the middle of plain writes', () => {
  it('ends, after an optional merge and the replay of the page (or the store check instead), with every record once, at its latest version, and no line astray', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArbitrary, async ({ before, page, dieAt, merge }) => {
        // prepare: the customers, and orders already stored
        // The table's stream over all of it: the same table, whichever process wrote.
        const changes: MemoryChange[] = [];
        const stream = (change: MemoryChange) => changes.push(change);
        const store = new MemoryBackend(stream);
        await ingestPage(
          CUSTOMERS.map((n) => customerRecord(n, '1')),
          deps(store, 'setup'),
        );
        if (before.length > 0) await ingestPage(pageOf(before, '1'), deps(store, 'before'));
        const records = pageOf(page, '2');

        // act: the page dies at its dieAt-th write; another process merges two customers; the page again
        const mortal = new MortalBackend(dieAt, stream);
        for (const [key, item] of store.items) mortal.items.set(key, item);
        await ingestPage(records, deps(mortal, 'dying')).catch((err: Error) => {
          if (err.message !== 'process killed') throw err;
        });
        const after = new MemoryBackend(stream);
        for (const [key, item] of mortal.items) after.items.set(key, item);
        if (merge) {
          const merged = await ingestPage(
            [
              exampleCustomer(
                { key: 'm', version: '1' },
                CUSTOMERS.map((n) => email(`${n}@x.de`)),
              ),
            ],
            deps(after, 'merger'),
          );
          // A copy the dead process left behind never blocks another process's restructuring.
          expect(merged.counts.written).toBe(1);
        }
        // Without the replay (a connector never run again), the daily store check repairs what is left.
        const beforeReplay = changes.length;
        const checked: MemoryChange[] = [];
        const unreplayed = new MemoryBackend((change) => checked.push(change));
        for (const [key, item] of after.items) unreplayed.items.set(key, structuredClone(item));
        for (const repair of checkStoreInvariants([...unreplayed.items.values()]).repairs)
          expect(await unreplayed.commit(repair.ops)).toEqual({ ok: true });
        expect(invariantBreachesOf([...unreplayed.items.values()])).toEqual([]);
        expect(
          announcementBreachesOf(
            [...changes.slice(0, beforeReplay), ...checked],
            [...unreplayed.items.values()],
          ),
        ).toEqual([]);
        const replay = await ingestPage(records, deps(after, 'replay'));

        // assert
        expect(replay.counts.rejected).toBe(0);
        const items = [...after.items.values()];
        expect(invariantBreachesOf(items)).toEqual([]);
        expect(announcementBreachesOf(changes, items)).toEqual([]);
        const versions = storedVersionsOf(items);
        for (const record of records)
          expect(versions[`order#sap-s4#sales-orders#${record.source.key}`]).toBe('2');
      }),
      { numRuns: 150 * runs, seed: process.env.HUB360_DEEP_TESTS ? undefined : 20_261_202 },
    );
  });
});
