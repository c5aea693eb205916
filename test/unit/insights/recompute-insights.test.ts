import { describe, expect, it } from 'vitest';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import {
  recomputeChangedCustomers,
  recomputeCustomerInsights,
} from '../../../app/insights/recompute-insights.ts';
import { reevaluatePopulation } from '../../../app/insights/reevaluate-population.ts';
import type { ChangeRecord } from '../../../core/events/change-record.ts';
import { mapChangeToEvents } from '../../../core/events/map-change-to-events.ts';
import { customersToRecompute } from '../../../core/insights/store/changed-customers.ts';
import { keys } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import type { CommitResult, WriteOp } from '../../../core/items/write-ops.ts';
import { defaultInsightsConfig } from '../../../schemas/config/insights-config.ts';
import { order } from './records.ts';
import { memorySegmentIndex, partitionOf, seedCustomer } from './wiring-fixtures.ts';

const NOW = '2025-06-01T00:00:00.000Z';
const depsOf = (backend: MemoryBackend, now = NOW) => ({
  backend,
  config: defaultInsightsConfig,
  now: () => now,
});
let seq = 0;
const changeOf = (pk: string, sk: string, newImage?: Item, oldImage?: Item): ChangeRecord => ({
  eventName: newImage ? (oldImage ? 'MODIFY' : 'INSERT') : 'REMOVE',
  sequenceNumber: String(++seq).padStart(6, '0'),
  approximateCreationDateTime: 1_750_000_000,
  keys: { pk, sk },
  ...(newImage ? { newImage } : {}),
  ...(oldImage ? { oldImage } : {}),
});

describe('insights recompute', () => {
  it('writes the INSIGHTS item and one membership per kind, then finds nothing to change on a replay', async () => {
    // prepare: a customer with one recent order
    const backend = new MemoryBackend();
    seedCustomer(backend, 'C1', [order('SO-1', '2025-05-20T10:00:00Z', 5000)]);
    // act
    const first = await recomputeCustomerInsights(depsOf(backend), 'C1', { rfmBoundaries: null });
    const snapshot = structuredClone([...partitionOf(backend, 'C1').values()]);
    const replay = await recomputeCustomerInsights(depsOf(backend), 'C1', { rfmBoundaries: null });
    // assert
    const partition = partitionOf(backend, 'C1');
    expect(first.outcome).toBe('written');
    expect(replay.outcome).toBe('unchanged');
    expect([...partition.values()]).toEqual(snapshot);
    expect(partition.get(keys.insights)).toMatchObject({ kind: 'insights', version: 1 });
    expect(partition.get('INSIGHTS#lifecycle')).toMatchObject({
      segment: 'lifecycle:first-time',
      gsi1pk: 'SEGMENT#lifecycle:first-time',
      gsi1sk: 'CUST#C1',
    });
    expect(partition.get('INSIGHTS#risk')?.segment).toMatch(/^risk:/);
    expect(partition.get('INSIGHTS#profit')?.segment).toMatch(/^profit:/);
    expect(partition.has('INSIGHTS#key')).toBe(false);
  });

  it('announces each stage move from the write that made it, with the same event id when the stream redelivers it', async () => {
    // prepare
    const backend = new MemoryBackend();
    seedCustomer(backend, 'C1', [order('SO-1', '2025-05-20T10:00:00Z', 5000)]);
    await recomputeCustomerInsights(depsOf(backend), 'C1', { rfmBoundaries: null });
    const written = partitionOf(backend, 'C1').get(keys.insights) as Item;
    // a second order: first-time becomes short-term
    seedCustomer(backend, 'C1', [order('SO-2', '2025-05-21T10:00:00Z', 100)]);
    await recomputeCustomerInsights(depsOf(backend), 'C1', { rfmBoundaries: null });
    const rewritten = partitionOf(backend, 'C1').get(keys.insights) as Item;
    // act
    const firstEvents = mapChangeToEvents(changeOf(written.pk, written.sk, written));
    const secondChange = changeOf(written.pk, written.sk, rewritten, written);
    const secondEvents = mapChangeToEvents(secondChange);
    const redelivered = mapChangeToEvents(secondChange);
    const stale = mapChangeToEvents(changeOf(written.pk, written.sk, written, rewritten));
    // assert
    expect(firstEvents.map((e) => e.detailType)).toContain('LifecycleStageChanged');
    expect(firstEvents.every((e) => e.source === 'hub360.insights')).toBe(true);
    const stageEvent = firstEvents.find((e) => e.detailType === 'LifecycleStageChanged');
    expect(stageEvent?.detail).toMatchObject({ customerId: 'C1', from: null, to: 'firstTime' });
    const moves = secondEvents.filter((e) => e.detailType === 'LifecycleStageChanged');
    expect(moves.map((e) => e.detail)).toMatchObject([{ from: 'firstTime', to: 'shortTerm' }]);
    expect(redelivered.map((e) => e.detail.metadata.eventId)).toEqual(
      secondEvents.map((e) => e.detail.metadata.eventId),
    );
    expect(stale).toEqual([]);
  });

  it('drops the insights and every membership of a customer merged away', async () => {
    // prepare
    const backend = new MemoryBackend();
    seedCustomer(backend, 'C1', [order('SO-1', '2025-05-20T10:00:00Z', 5000)]);
    await recomputeCustomerInsights(depsOf(backend), 'C1', { rfmBoundaries: null });
    seedCustomer(backend, 'C1', [], 'merged');
    // act
    const outcome = await recomputeCustomerInsights(depsOf(backend), 'C1', { rfmBoundaries: null });
    // assert
    const left = [...partitionOf(backend, 'C1').keys()].filter((sk) => sk.startsWith('INSIGHTS'));
    expect(outcome.outcome).toBe('written');
    expect(left).toEqual([]);
  });

  it('re-reads and re-plans when a concurrent recompute wins the version race, ending in one state', async () => {
    // prepare: a backend whose first commit loses to a concurrent writer that wrote the same customer
    const inner = new MemoryBackend();
    seedCustomer(inner, 'C1', [order('SO-1', '2025-05-20T10:00:00Z', 5000)]);
    let raced = false;
    const racing = Object.assign(Object.create(inner) as MemoryBackend, {
      readPartition: (pk: string) => inner.readPartition(pk),
      getItems: (k: Parameters<MemoryBackend['getItems']>[0]) => inner.getItems(k),
      commit: async (ops: readonly WriteOp[]): Promise<CommitResult> => {
        if (!raced) {
          raced = true;
          await recomputeCustomerInsights(depsOf(inner), 'C1', { rfmBoundaries: null });
        }
        return inner.commit(ops);
      },
    });
    // act
    const outcome = await recomputeCustomerInsights(depsOf(racing), 'C1', { rfmBoundaries: null });
    // assert: the loser re-read, found the winner's state current and wrote nothing more
    expect(outcome.outcome).toBe('unchanged');
    expect(partitionOf(inner, 'C1').get(keys.insights)?.version).toBe(1);
  });

  it('recomputes each changed customer once per batch and never reacts to its own INSIGHTS writes', async () => {
    // prepare
    const record = { kind: 'record' } as unknown as Item;
    const changes = [
      changeOf('CUST#C1', 'REC#a', { ...record, pk: 'CUST#C1', sk: 'REC#a' }),
      changeOf('CUST#C1', 'REC#b', { ...record, pk: 'CUST#C1', sk: 'REC#b' }),
      changeOf('CUST#C2', 'INSIGHTS', { pk: 'CUST#C2', sk: 'INSIGHTS', kind: 'insights' }),
      changeOf('PRODUCT#P1', 'REC#c', { ...record, pk: 'PRODUCT#P1', sk: 'REC#c' }),
      changeOf('CUST#C3', 'PROFILE', undefined, { pk: 'CUST#C3', sk: 'PROFILE', kind: 'profile' }),
    ];
    // act
    const ids = customersToRecompute(changes);
    // assert
    expect(ids).toEqual(['C1', 'C3']);
  });

  it('recomputes a stream batch and reports nothing to redeliver when every customer succeeded', async () => {
    // prepare
    const backend = new MemoryBackend();
    seedCustomer(backend, 'C1', [order('SO-1', '2025-05-20T10:00:00Z', 5000)]);
    const change = changeOf('CUST#C1', 'REC#x', { pk: 'CUST#C1', sk: 'REC#x', kind: 'record' });
    // act
    const first = await recomputeChangedCustomers(depsOf(backend), [change, change]);
    const redelivered = await recomputeChangedCustomers(depsOf(backend), [change]);
    // assert
    expect(first).toMatchObject({ customers: 1, written: 1, failedSequenceNumbers: [] });
    expect(redelivered).toMatchObject({ customers: 1, written: 0, unchanged: 1 });
  });
});

describe('insights population run', () => {
  it('flags the key customer, stores RFM boundaries and moves an idle customer on a later day', async () => {
    // prepare: C1 brings 9000 of 10000 revenue, C2 1000; both evaluated once
    const backend = new MemoryBackend();
    seedCustomer(backend, 'C1', [order('SO-1', '2025-05-20T10:00:00Z', 9000)]);
    seedCustomer(backend, 'C2', [order('SO-2', '2025-05-21T10:00:00Z', 1000)]);
    await recomputeChangedCustomers(depsOf(backend), [
      changeOf('CUST#C1', 'REC#1', { pk: 'CUST#C1', sk: 'REC#1', kind: 'record' }),
      changeOf('CUST#C2', 'REC#2', { pk: 'CUST#C2', sk: 'REC#2', kind: 'record' }),
    ]);
    const before = partitionOf(backend, 'C1').get(keys.insights) as Item;
    const segments = memorySegmentIndex(backend);
    // act: the daily run on the same day, then a year later
    const sameDay = await reevaluatePopulation({ ...depsOf(backend), segments });
    const after = partitionOf(backend, 'C1').get(keys.insights) as Item;
    const keyMembers = [...(await memorySegmentIndex(backend).members('key:key-customer', 10)).members];
    const yearLater = await reevaluatePopulation({
      ...depsOf(backend, '2026-07-01T00:00:00.000Z'),
      segments,
    });
    // assert
    expect(sameDay).toMatchObject({ customers: 2, keyCustomers: 1, rfmPopulation: 2, failed: [] });
    expect(keyMembers.map((m) => m.customerId)).toEqual(['C1']);
    const flagged = mapChangeToEvents(changeOf(after.pk, after.sk, after, before));
    expect(flagged.map((e) => e.detailType)).toContain('KeyCustomerFlagged');
    expect(yearLater.written).toBe(2);
    const stage = (partitionOf(backend, 'C2').get('INSIGHTS#lifecycle') as Item).segment;
    expect(['lifecycle:dormant', 'lifecycle:churned']).toContain(stage);
    expect(await segments.count('lifecycle:first-time')).toBe(0);
    // a year without orders: nobody has revenue in the window any more, so the key segment empties
    expect(await segments.count('key:key-customer')).toBe(0);
  });

  /** Customers C0…C(n-1), the first bringing most revenue, each evaluated once by the stream recompute. */
  const population = async (n: number) => {
    const backend = new MemoryBackend();
    for (let i = 0; i < n; i++)
      seedCustomer(backend, `C${i}`, [order(`SO-${i}`, '2025-05-20T10:00:00Z', i === 0 ? 50_000 : 100 + i)]);
    await recomputeChangedCustomers(
      depsOf(backend),
      Array.from({ length: n }, (_, i) =>
        changeOf(`CUST#C${i}`, 'REC#x', { pk: `CUST#C${i}`, sk: 'REC#x', kind: 'record' }),
      ),
    );
    return { backend, segments: memorySegmentIndex(backend) };
  };

  it('decides the same key customers and boundaries whether customers are read one or eight at a time', async () => {
    const one = await population(20);
    const eight = await population(20);
    const later = '2025-09-01T00:00:00.000Z';

    const alone = await reevaluatePopulation({
      ...depsOf(one.backend, later),
      segments: one.segments,
      customersAtOnce: 1,
    });
    const together = await reevaluatePopulation({
      ...depsOf(eight.backend, later),
      segments: eight.segments,
      customersAtOnce: 8,
    });

    expect(together).toEqual(alone);
    expect(alone).toMatchObject({
      customers: 20,
      keyCustomers: 1,
      rfmPopulation: 20,
      notReached: 0,
      failed: [],
    });
    for (let i = 0; i < 20; i++)
      expect(partitionOf(eight.backend, `C${i}`).get(keys.insights)).toEqual(
        partitionOf(one.backend, `C${i}`).get(keys.insights),
      );
  });

  it('starts no customer with less than a minute left and counts those it did not reach; the figures still cover everyone', async () => {
    const { backend, segments } = await population(6);
    let remaining = 180_000;
    const later = '2025-09-01T00:00:00.000Z';
    const deps = { ...depsOf(backend, later), segments, customersAtOnce: 1 };
    const commit = backend.commit.bind(backend);
    // Every write costs a minute of the run's time here.
    backend.commit = async (ops: readonly WriteOp[]): Promise<CommitResult> => {
      remaining -= 60_000;
      return commit(ops);
    };

    const run = await reevaluatePopulation({ ...deps, remainingMs: () => remaining });

    expect(run).toMatchObject({ customers: 6, rfmPopulation: 6, keyCustomers: 1, failed: [] });
    // The population item and two customers spend the three minutes; the other four are not started.
    expect(run.notReached).toBe(4);
    expect(run.written).toBeLessThanOrEqual(2);
  });
});
