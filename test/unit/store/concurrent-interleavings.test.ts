import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryBackend, type MemoryChange } from '../../../adapters/memory/memory-backend.ts';
import { defaultIdentityConfig } from '../../../core/identity/identity-config.ts';
import { unmergeCustomer } from '../../../core/identity/unmerge-customer.ts';
import { ingestPage } from '../../../core/ingest/ingest-page.ts';
import type { Item } from '../../../core/items/record-items.ts';
import type { StoreBackend } from '../../../core/ports/store-backend.ts';
import { expectedState, latestRecords, type RecordSpec, toRecord } from '../identity/identity-model.ts';
import { announcementBreachesOf } from './announcements.ts';
import {
  type ConcurrentOp,
  customersOf,
  invariantBreachesOf,
  mergeRaceScenarioArbitrary,
  mergesOf,
  propertyReplay,
  propertyScale,
  scenarioArbitrary,
  scheduledBackend,
  separationsOf,
  storedVersionsOf,
  versionRaceScenarioArbitrary,
} from './store-reference-model.ts';

type Scenario = typeof scenarioArbitrary extends (...args: never[]) => fc.Arbitrary<infer T> ? T : never;

// How many runs and which seed: see `propertyScale` and `propertyReplay` (a race that shows in one case of
// thousands, like the one replayed at the end of this file, must not make CI pass or fail by chance).
const scale = propertyScale;
const REPLAY = propertyReplay;
// Customer ids are unique across all operations of a run, as random ids are in production.
let customers = 0;
const depsOf = (backend: StoreBackend, plainWrites: boolean) => {
  return {
    backend,
    config: defaultIdentityConfig,
    hashOf: (idKey: string) => idKey,
    newCustomerId: () => `c${++customers}`,
    now: () => new Date('2026-03-01T00:00:00Z'),
    // Losing a race is retried at once: the scheduler, not a backoff, decides who goes next.
    maxAttempts: 100,
    pause: async () => {},
    // With plain writes (the default) their copies, guards and commit points race everything else here.
    plainWrites,
  };
};

/** Runs one operation through the (scheduled) backend; an unmerge picks among the merges it finds at its start. */
const runOp = async (
  op: ConcurrentOp,
  backend: StoreBackend,
  inner: MemoryBackend,
  plainWrites: boolean,
): Promise<void> => {
  const deps = depsOf(backend, plainWrites);
  if (op.kind === 'ingest') {
    await ingestPage(op.records.map(toRecord), deps);
    return;
  }
  // Read through the scheduler too, so which merge is picked depends on what already committed.
  await backend.getItems([]);
  const merges = mergesOf([...inner.items.values()]);
  const merge = merges[op.pick % Math.max(1, merges.length)];
  if (!merge) return;
  await unmergeCustomer({ ...deps, now: '2026-03-02T00:00:00Z' }, merge.customerId, merge.entryId, {
    requestedBy: 'property',
    reason: 'concurrency test',
  });
};

/** Runs a scenario: its prefix one page after another, then its concurrent operations as the scheduler interleaves them. */
const runScenario = async (s: fc.Scheduler, { prefix, concurrent }: Scenario, plainWrites: boolean) => {
  const changes: MemoryChange[] = [];
  const inner = new MemoryBackend((change) => changes.push(change));
  for (const page of prefix) await ingestPage(page.map(toRecord), depsOf(inner, plainWrites));
  const backend = scheduledBackend(inner, s);
  const settled = await s.waitFor(
    Promise.allSettled(concurrent.map((op) => runOp(op, backend, inner, plainWrites))),
  );
  const specs: RecordSpec[] = [
    ...prefix.flat(),
    ...concurrent.flatMap((op) => (op.kind === 'ingest' ? op.records : [])),
  ];
  return {
    items: [...inner.items.values()],
    specs,
    changes,
    failures: settled.filter((r) => r.status === 'rejected'),
  };
};

const checkAgainstModel = (items: Item[], specs: readonly RecordSpec[], changes: readonly MemoryChange[]) => {
  expect(invariantBreachesOf(items)).toEqual([]);
  // The change feed announces every stored version once, plain copies taken back or left by a crash included.
  expect(announcementBreachesOf(changes, items, (record) => record.entity !== 'webActivity')).toEqual([]);
  const expected = expectedState(latestRecords(specs), separationsOf(items));
  expect(storedVersionsOf(items)).toEqual(expected.versions);
  expect(customersOf(items)).toEqual(expected.customers);
};

/** Versions of the same records in concurrent pages end as the reference model says (no unmerges). */
const sameRecordsConcurrently = (plainWrites: boolean) =>
  fc.asyncProperty(fc.scheduler(), scenarioArbitrary(5, true, false), async (s, scenario) => {
    const { items, specs, failures, changes } = await runScenario(s, scenario, plainWrites);

    expect(failures).toEqual([]);
    checkAgainstModel(items, specs, changes);
  });

describe.each([
  { plainWrites: true, mode: 'plain writes, the default' },
  { plainWrites: false, mode: 'transactions only' },
])(
  'concurrent ingest, merges and unmerges under fc.scheduler interleavings (in-memory store, $mode)',
  ({ plainWrites }) => {
    it('settled writes into customers that a concurrent page merges away (issue 10 item 1) end, in every interleaving, under the survivor with the reference model customers', async () => {
      await fc.assert(
        fc.asyncProperty(fc.scheduler(), mergeRaceScenarioArbitrary(4), async (s, scenario) => {
          const { items, specs, failures, changes } = await runScenario(s, scenario, plainWrites);

          expect(failures).toEqual([]);
          checkAgainstModel(items, specs, changes);
        }),
        { numRuns: Math.round(150 * scale), ...REPLAY },
      );
    }, 300_000);

    it('ingests racing merges and unmerges of the same customers end, in every interleaving, with every record under exactly one active customer, locators and identifier owners consistent, and the customers of the independent reference model', async () => {
      await fc.assert(
        fc.asyncProperty(fc.scheduler(), scenarioArbitrary(5, true, true), async (s, scenario) => {
          const { items, specs, failures, changes } = await runScenario(s, scenario, plainWrites);

          expect(failures).toEqual([]);
          checkAgainstModel(items, specs, changes);
        }),
        { numRuns: Math.round(200 * scale), ...REPLAY },
      );
    }, 300_000);

    it('versions of the same records ingested concurrently end, in every interleaving, with the latest version stored once under one active customer and the reference model customers', async () => {
      await fc.assert(sameRecordsConcurrently(plainWrites), { numRuns: Math.round(200 * scale), ...REPLAY });
    }, 300_000);

    it('two to four versions of one record racing in concurrent pages (moved between customers, tombstoned) end, in every interleaving, with the latest version stored once where the reference model puts it, or not at all when it is a tombstone', async () => {
      await fc.assert(
        fc.asyncProperty(fc.scheduler(), versionRaceScenarioArbitrary(5), async (s, scenario) => {
          const { items, specs, failures, changes } = await runScenario(s, scenario, plainWrites);

          expect(failures).toEqual([]);
          checkAgainstModel(items, specs, changes);
        }),
        { numRuns: Math.round(150 * scale), ...REPLAY },
      );
    }, 300_000);

    // A race found on 2026-12-02 (about one case in 2,000): one page changes customer k4's identifiers to the
    // e-mail that order k1 and customer k6 share, the other brings k6 (a different ERP number than k1's). k4's
    // retry read the e-mail's owner (k1's customer) just before k6's page moved the e-mail to k6's new customer,
    // and k1's partition just after; it put k4 beside k1. readCluster now gathers again when an owner's partition
    // lacks the identifier's mirror (core/identity/read-cluster.ts); this replays that interleaving.
    it("the interleaving in which a retry read an e-mail's owner before a concurrent page moved it away ends canonical: k4 with k6, k1 alone (seed -2069164128)", async () => {
      await fc.assert(sameRecordsConcurrently(plainWrites), {
        numRuns: 1,
        seed: -2069164128,
        path: '47:3:0:36:44:44:44:39:39:39:60',
        endOnFailure: true,
      });
    });
  },
);
