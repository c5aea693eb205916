import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryBackend, type MemoryChange } from '../../../adapters/memory/memory-backend.ts';
import { ingestPage } from '../../../core/ingest/ingest-page.ts';
import type { Item } from '../../../core/items/record-items.ts';
import type { CommitResult, ItemKey, WriteOp, WriteOutcome } from '../../../core/items/write-ops.ts';
import type { StoreBackend } from '../../../core/ports/store-backend.ts';
import { checkStoreInvariants } from '../../../core/store-check/check-store-invariants.ts';
import { memoryIngestDeps } from '../../support/memory-ingest-deps.ts';
import { expectedState, latestRecords, type RecordSpec, toRecord } from '../identity/identity-model.ts';
import { announcedVersions } from './announcements.ts';
import {
  customersOf,
  invariantBreachesOf,
  propertyReplay,
  propertyScale,
  scenarioArbitrary,
  scheduledBackend,
  separationsOf,
  storedVersionsOf,
} from './store-reference-model.ts';

// Processes killed while others run: concurrent pages, some of which die at any single write (a Lambda timed
// out, a laptop closed), interleaved write by write with the survivors by fc.scheduler. Then what production
// does: each dead page is ingested again (its connector never checkpointed it) and the daily store check repairs
// what a dead process left where no replay reaches (a copy in the partition of a customer merged away after it
// was read). The store must then hold every record once, at its latest version, under the reference model's
// customers, and the change feed must have announced every stored version, each version under one event id.

class Killed extends Error {
  override readonly name = 'Killed';
}

/** The shared store as one process sees it: from its `dieAt`-th write on (0-based) every call throws. */
const mortal = (store: MemoryBackend, dieAt: number | undefined): StoreBackend => {
  let writes = 0;
  const alive = () => {
    if (dieAt !== undefined && writes > dieAt) throw new Killed('process killed');
  };
  const write = () => {
    alive();
    if (dieAt !== undefined && writes++ >= dieAt) {
      writes = dieAt + 1;
      throw new Killed('process killed');
    }
  };
  return {
    getItems: async (keys: readonly ItemKey[]) => {
      alive();
      return store.getItems(keys);
    },
    readPartition: async (pk: string) => {
      alive();
      return store.readPartition(pk);
    },
    commit: async (ops: readonly WriteOp[]): Promise<CommitResult> => {
      write();
      return store.commit(ops);
    },
    writeEach: async (ops: readonly WriteOp[]): Promise<WriteOutcome[]> => {
      const outcomes: WriteOutcome[] = [];
      for (const op of ops) {
        write();
        outcomes.push(...(await store.writeEach([op])));
      }
      return outcomes;
    },
  };
};

// Customer ids are unique across all pages of a run, as random ids are in production; the scheduler, not a
// backoff, decides who goes next after a lost race.
let customers = 0;
const depsOf = (backend: StoreBackend) =>
  memoryIngestDeps(backend, { newCustomerId: () => `c${++customers}`, maxAttempts: 100 });

const crashScenarioArbitrary = fc
  .tuple(
    scenarioArbitrary(4, false, false),
    fc.array(fc.option(fc.nat(10), { nil: undefined }), { minLength: 4, maxLength: 4 }),
  )
  .map(([scenario, deaths]) => ({
    ...scenario,
    pages: scenario.concurrent.flatMap((op, i) =>
      op.kind === 'ingest' ? [{ records: op.records, dieAt: deaths[i] }] : [],
    ),
  }));

describe('processes killed at any write while other pages and merges run (in-memory store, plain writes)', () => {
  it('after the dead pages are replayed and the store check repaired what is left, every record is stored once at its latest version under the reference model customers, and every stored version was announced, under one event id', async () => {
    await fc.assert(
      fc.asyncProperty(fc.scheduler(), crashScenarioArbitrary, async (s, { prefix, pages }) => {
        // prepare: the table's stream, and the pages stored before
        const changes: MemoryChange[] = [];
        const store = new MemoryBackend((change) => changes.push(change));
        for (const page of prefix) await ingestPage(page.map(toRecord), depsOf(store));

        // act: the pages at once, some dying; then the dead ones again, and the store check's repairs
        const settled = await s.waitFor(
          Promise.allSettled(
            pages.map((page) =>
              ingestPage(page.records.map(toRecord), depsOf(scheduledBackend(mortal(store, page.dieAt), s))),
            ),
          ),
        );
        const dead = pages.filter((_, i) => settled[i]?.status === 'rejected');
        for (const page of dead) await ingestPage(page.records.map(toRecord), depsOf(store));
        for (const repair of checkStoreInvariants([...store.items.values()]).repairs)
          expect(await store.commit(repair.ops)).toEqual({ ok: true });

        // assert
        expect(
          settled.flatMap((r) =>
            r.status === 'rejected' && !(r.reason instanceof Killed) ? [r.reason] : [],
          ),
        ).toEqual([]);
        const items: Item[] = [...store.items.values()];
        expect(invariantBreachesOf(items)).toEqual([]);
        const specs: RecordSpec[] = [...prefix.flat(), ...pages.flatMap((p) => p.records)];
        const expected = expectedState(latestRecords(specs), separationsOf(items));
        expect(storedVersionsOf(items)).toEqual(expected.versions);
        expect(customersOf(items)).toEqual(expected.customers);
        const announced = announcedVersions(changes);
        const unannounced = items
          .filter((i) => i.kind === 'record' && i.pk.startsWith('CUST#') && i.entity !== 'webActivity')
          .map((i) => `${String(i.recordKey)}@${(i.source as { version: string }).version}`)
          .filter((version) => !announced.has(version));
        expect(unannounced).toEqual([]);
      }),
      { numRuns: Math.round(150 * propertyScale), ...propertyReplay },
    );
  }, 300_000);
});
