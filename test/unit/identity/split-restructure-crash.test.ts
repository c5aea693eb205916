import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { runStoreCheck } from '../../../app/store-check/run-store-check.ts';
import { finishRestructuring } from '../../../core/identity/finish-restructuring.ts';
import { type IngestDeps, ingestPage } from '../../../core/ingest/ingest-page.ts';
import { keys } from '../../../core/items/keys.ts';
import { LocatorItemSchema } from '../../../core/items/state-items.ts';
import { keyString, type WriteOp } from '../../../core/items/write-ops.ts';
import { email, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';
import { memoryIngestDeps } from '../../support/memory-ingest-deps.ts';
import { checkMemoryStore, memoryStoreReader } from '../../support/memory-store-check.ts';

// A merge of a customer with many records is more writes than one commit holds (100): it is committed in several.
// A process that dies between them must leave every record somewhere the next restructuring finds it. The merged
// customer's records used to be deleted in the first commit and put into the survivor in later ones: a crash in
// between lost them, and a replay of their source records found their locators at the same version ("unchanged").
// Now the copies and locators go first, the identifiers after them, the deletes last and the incoming record's
// locator (the commit point) at the very end.

const NOW = '2026-03-01T00:00:00.000Z';

/** A memory table whose process dies (the commit throws) on the commit after the first that `diesAfter` accepts. */
class DyingBackend extends MemoryBackend {
  private dead = false;
  private dyingNext = false;
  constructor(private readonly diesAfter: (ops: readonly WriteOp[]) => boolean) {
    super();
  }
  override async commit(ops: readonly WriteOp[]) {
    if (this.dyingNext && !this.dead) {
      this.dead = true;
      throw new Error('the function timed out');
    }
    const result = await super.commit(ops);
    if (result.ok && this.diesAfter(ops)) this.dyingNext = true;
    return result;
  }
}

const ordersOf = (who: string, count: number, address: string) =>
  Array.from({ length: count }, (_, i) =>
    exampleOrder({ key: `${who}-${i}`, version: '1' }, [email(address)]),
  );

/** Sam (c1) with `samOrders` orders; Mo (c2) with `moOrders`; an order carrying both e-mails merges Mo into Sam. */
const mergeStoppedAfterItsFirstCommit = async (samOrders: number, moOrders: number) => {
  const backend = new DyingBackend((ops) =>
    ops.some((op) => op.op === 'patch' && op.set.status === 'merged'),
  );
  const deps = memoryIngestDeps(backend, { now: () => new Date(NOW) });
  await ingestPage(
    [exampleCustomer({ key: 'S', version: '1' }, [email('s@x.de')]), ...ordersOf('S', samOrders, 's@x.de')],
    deps,
  );
  await ingestPage(
    [exampleCustomer({ key: 'M', version: '1' }, [email('m@x.de')]), ...ordersOf('M', moOrders, 'm@x.de')],
    deps,
  );
  const linking = exampleOrder({ key: 'O3', version: '1' }, [email('s@x.de'), email('m@x.de')]);
  await expect(ingestPage([linking], deps)).rejects.toThrow('the function timed out');
  return { backend, deps, linking, records: samOrders + moOrders + 3 };
};

const markOf = (backend: MemoryBackend, customerId: string) =>
  backend.items.get(keyString({ pk: keys.customer(customerId), sk: keys.profile }))?.restructuring;

const recordItemsIn = (backend: MemoryBackend, customerId: string) =>
  [...backend.items.values()].filter(
    (item) => item.kind === 'record' && item.pk === keys.customer(customerId),
  );

/** Every record once in c1, where its locator places it. */
const expectAllOnSam = (backend: MemoryBackend, records: number) => {
  const onSam = recordItemsIn(backend, 'c1');
  expect(onSam).toHaveLength(records);
  expect(new Set(onSam.map((item) => item.recordKey)).size).toBe(records);
  for (const record of onSam) {
    const locator = backend.items.get(
      keyString({ pk: keys.locator(String(record.recordKey)), sk: keys.locatorSort }),
    );
    expect(LocatorItemSchema.parse(locator)).toMatchObject({
      customerId: 'c1',
      partition: keys.customer('c1'),
    });
  }
};

describe('a merge split over several commits, stopped between them', () => {
  it('stopped while moving records: the replay of its record finds them on both customers and finishes the merge', async () => {
    // 61 records move, two writes each: the identifiers move in the second commit, after the first stopped
    const { backend, deps, linking, records } = await mergeStoppedAfterItsFirstCommit(80, 60);
    expect(recordItemsIn(backend, 'c2').length).toBe(61);
    const stalled = async (minutes: number) =>
      (
        await runStoreCheck(
          { reader: memoryStoreReader(backend), now: () => new Date(Date.parse(NOW) + minutes * 60_000) },
          { repair: false },
        )
      ).violations.filter((v) => v.kind === 'restructuringUnfinished');
    expect(await stalled(59)).toEqual([]);
    expect(await stalled(60)).toEqual([
      { kind: 'restructuringUnfinished', customerId: 'c1', startedAt: NOW },
      { kind: 'restructuringUnfinished', customerId: 'c2', startedAt: NOW },
    ]);

    const result = await ingestPage([linking], deps);

    expect(result.outcomes).toEqual([expect.objectContaining({ outcome: 'written', customerId: 'c1' })]);
    expectAllOnSam(backend, records);
    const c2 = [...backend.items.values()].filter((item) => item.pk === keys.customer('c2'));
    expect(c2).toEqual([expect.objectContaining({ sk: keys.profile, status: 'merged', mergedInto: 'c1' })]);
    // Both marks gone: nothing is moving any more.
    expect(c2[0]?.restructuring).toBeUndefined();
    expect(markOf(backend, 'c1')).toBeUndefined();
    const check = await runStoreCheck(
      { reader: memoryStoreReader(backend), now: () => new Date(NOW) },
      { repair: false },
    );
    expect(check.violations).toEqual([]);
  });

  it('stopped before its deletes: the next record of the survivor finishes the merge instead of writing beside it', async () => {
    // 41 records move: copies, locators and identifiers all went in the first commit; Sam's profile carries the mark
    const { backend, deps, linking, records } = await mergeStoppedAfterItsFirstCommit(60, 40);
    expect(
      backend.items.get(keyString({ pk: keys.customer('c1'), sk: keys.profile }))?.restructuring,
    ).toEqual(expect.any(String));

    // both e-mails are Sam's now: a settled write, which the mark sends the restructuring way
    const result = await ingestPage([linking], deps);

    expect(result.outcomes).toEqual([expect.objectContaining({ outcome: 'written', customerId: 'c1' })]);
    expectAllOnSam(backend, records);
    expect(recordItemsIn(backend, 'c2')).toEqual([]);
    expect(markOf(backend, 'c1')).toBeUndefined();
    expect(markOf(backend, 'c2')).toBeUndefined();
    const check = await runStoreCheck(
      { reader: memoryStoreReader(backend), now: () => new Date(NOW) },
      { repair: false },
    );
    expect(check.violations).toEqual([]);
  });
});

/** The store check's repair as the CLI and the scheduled function run it, `minutesAfter` the stop. */
const checkAndRepair = (backend: MemoryBackend, deps: IngestDeps, minutesAfter: number) =>
  checkMemoryStore(backend, deps, new Date(Date.parse(NOW) + minutesAfter * 60_000), { repair: true });

describe('the store check finishes a restructuring that stopped between its commits', () => {
  /** Checks within the hour (nothing reported, nothing touched), then an hour after the stop with --repair. */
  const repairedAfterAnHour = async (backend: MemoryBackend, deps: IngestDeps) => {
    const before = backend.items.size;
    const early = await checkAndRepair(backend, deps, 59);
    expect(early.violations).toEqual([]);
    expect(backend.items.size).toBe(before);
    const report = await checkAndRepair(backend, deps, 60);
    // The copies on both customers are the restructuring's work in progress: only the stall itself is reported.
    expect(report.violations).toEqual([
      { kind: 'restructuringUnfinished', customerId: 'c1', startedAt: NOW },
      { kind: 'restructuringUnfinished', customerId: 'c2', startedAt: NOW },
    ]);
    expect(report.repaired).toEqual(report.violations);
    expect(markOf(backend, 'c1')).toBeUndefined();
    expect(markOf(backend, 'c2')).toBeUndefined();
    expect((await checkAndRepair(backend, deps, 120)).violations).toEqual([]);
  };

  it('stopped before its deletes: --repair finishes the merge, the linking record with it', async () => {
    const { backend, deps, linking, records } = await mergeStoppedAfterItsFirstCommit(60, 40);

    await repairedAfterAnHour(backend, deps);

    // The linking order's copy went in before the stop, ahead of its locator: the finish commits it as the record.
    expectAllOnSam(backend, records);
    expect(recordItemsIn(backend, 'c2')).toEqual([]);
    expect((await ingestPage([linking], deps)).counts.unchanged).toBe(1);
  });

  it('stopped while moving records: --repair puts back what the committed records say, the replay merges', async () => {
    const { backend, deps, linking, records } = await mergeStoppedAfterItsFirstCommit(80, 60);

    await repairedAfterAnHour(backend, deps);

    // The linking order never went in: without it Sam and Mo are two customers, and Mo comes back with his records.
    expect(recordItemsIn(backend, 'c1')).toHaveLength(81);
    expect(recordItemsIn(backend, 'c2')).toHaveLength(61);
    expect(backend.items.get(keyString({ pk: keys.customer('c2'), sk: keys.profile }))).toMatchObject({
      status: 'active',
    });
    const replay = await ingestPage([linking], deps);
    expect(replay.outcomes).toEqual([expect.objectContaining({ outcome: 'written', customerId: 'c1' })]);
    expectAllOnSam(backend, records);
  });

  it('leaves a mark newer than the one it saw alone: that restructuring may still be running', async () => {
    const { backend, deps } = await mergeStoppedAfterItsFirstCommit(80, 60);
    const seen = String(markOf(backend, 'c1')).split('#')[0] as string;
    const profile = backend.items.get(keyString({ pk: keys.customer('c1'), sk: keys.profile }));
    if (profile) profile.restructuring = '2026-03-01T00:59:00.000Z#another';

    expect(await finishRestructuring({ ...deps, now: deps.now().toISOString() }, 'c1', seen)).toEqual({
      kind: 'notMarked',
    });
    expect(recordItemsIn(backend, 'c2').length).toBe(61);
  });
});
