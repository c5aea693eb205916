import { describe, expect, it } from 'vitest';
import {
  changesByCustomer,
  type ProjectionDeps,
  projectStreamBatch,
} from '../../../core/customer-360/view/project-stream-batch.ts';
import { DEFAULT_VIEW_LIMITS } from '../../../core/customer-360/view/view-limits.ts';
import type { CustomerViewState, ViewSection } from '../../../core/customer-360/view/view-state.ts';
import type { ChangeRecord } from '../../../core/events/change-record.ts';
import { keys } from '../../../core/items/keys.ts';
import { ViewLimitsSchema } from '../../../schemas/config/view-limits.ts';
import { InMemoryViewStore } from './in-memory-view-store.ts';
import { TableSimulation } from './table-simulation.ts';
import { customerRecord, orderRecord, profileItem } from './view-fixtures.ts';

// The projector's batch loop (issue 17: only the projector scenario test reached it): how a batch is cut
// per customer, what it counts, how a customer that keeps losing its write fails alone, and how long the
// memory of table reads lasts.

/** A view store whose section writes always lose to another writer for the customers named. */
class ContestedViewStore extends InMemoryViewStore {
  constructor(private readonly contested: ReadonlySet<string>) {
    super();
  }
  writeAttempts = 0;
  override async writeSections(state: CustomerViewState, sections: readonly ViewSection[]): Promise<boolean> {
    if (!this.contested.has(state.customerId)) return super.writeSections(state, sections);
    this.writeAttempts += 1;
    return false;
  }
}

const setUp = (views = new InMemoryViewStore()) => {
  const table = new TableSimulation(views);
  const recentReads: NonNullable<ProjectionDeps['recentReads']> = new Map();
  const deps = (overrides: Partial<ProjectionDeps> = {}): ProjectionDeps => ({
    views,
    limits: DEFAULT_VIEW_LIMITS,
    now: table.now,
    recentReads,
    ...overrides,
  });
  return { views, table, deps, recentReads };
};

const change = (pk: string, sk: string, extra: Partial<ChangeRecord> = {}): ChangeRecord => ({
  eventName: 'INSERT',
  sequenceNumber: '1',
  keys: { pk, sk },
  newImage: { pk, sk, kind: 'record' },
  ...extra,
});

describe('changesByCustomer', () => {
  it('groups a batch’s changes by customer in stream order, leaving out other partitions and the view’s own items', () => {
    // prepare
    const a = keys.customer('a');
    const batch = [
      change(a, 'REC#1', { sequenceNumber: '1', approximateCreationDateTime: 100 }),
      change(a, 'REC#0', { sequenceNumber: '0', newImage: undefined }),
      change('PRODUCT#P-1', 'REC#p', { sequenceNumber: '2' }),
      change(keys.customer('b'), 'REC#2', { sequenceNumber: '3' }),
      change(a, 'PROFILE#VIEW#order', {
        sequenceNumber: '4',
        newImage: { pk: a, sk: 'v', kind: 'customerView' },
      }),
      change(a, 'PROFILE#VIEW#head', {
        sequenceNumber: '5',
        eventName: 'REMOVE',
        newImage: undefined,
        oldImage: { pk: a, sk: 'v', kind: 'customerView' },
      }),
      change(a, 'REC#3', {
        sequenceNumber: '6',
        eventName: 'REMOVE',
        newImage: undefined,
        oldImage: { pk: a, sk: 'REC#3', kind: 'record' },
      }),
    ];

    // act
    const grouped = changesByCustomer(batch);

    // assert
    expect([...grouped.keys()]).toEqual(['a', 'b']);
    expect(grouped.get('a')).toStrictEqual([
      {
        sequenceNumber: '1',
        committedAt: 100,
        sk: 'REC#1',
        newImage: { pk: a, sk: 'REC#1', kind: 'record' },
      },
      { sequenceNumber: '0', sk: 'REC#0' },
      { sequenceNumber: '6', sk: 'REC#3', oldImage: { pk: a, sk: 'REC#3', kind: 'record' } },
    ]);
    expect(grouped.get('b')?.map((c) => c.sequenceNumber)).toEqual(['3']);
  });
});

describe('projectStreamBatch', () => {
  it('counts the customers of a batch and what became of each view', async () => {
    // prepare: a has a view, b gets one from its partition (it has none yet), c only changes a product
    const { views, table, deps } = setUp();
    await projectStreamBatch(deps(), table.put(profileItem('a'), orderRecord('a', 1)));
    table.put(profileItem('b'), orderRecord('b', 1));

    // act
    const result = await projectStreamBatch(deps(), [
      ...table.put(orderRecord('a', 2)),
      ...table.put(orderRecord('b', 2)),
    ]);

    // assert
    expect(result).toEqual({
      customers: 2,
      written: 1,
      deleted: 0,
      bootstrapped: 1,
      refilled: 0,
      failed: [],
      failedSequenceNumbers: [],
    });
    expect((await views.readView('b'))?.records.order.count).toBe(2);
  });

  it('deletes the view of a customer merged away and counts nothing for one that never had a view', async () => {
    // prepare
    const { views, table, deps } = setUp();
    await projectStreamBatch(deps(), table.put(profileItem('a'), orderRecord('a', 1)));

    // act
    const result = await projectStreamBatch(deps(), [
      ...table.put(profileItem('a', { status: 'merged', mergedInto: 'z', rev: 1 })),
      ...table.put(profileItem('n', { status: 'erased', rev: 1 })),
    ]);

    // assert
    expect(result).toStrictEqual({
      customers: 2,
      written: 0,
      deleted: 1,
      bootstrapped: 0,
      refilled: 0,
      failed: [],
      failedSequenceNumbers: [],
    });
    expect(await views.readView('a')).toBeUndefined();
  });

  it('fails a customer whose view keeps changing, naming it, the attempts and its first change, and writes the others', async () => {
    // prepare
    const views = new ContestedViewStore(new Set(['a']));
    const { table, deps } = setUp(views);
    const forA = table.put(profileItem('a'), orderRecord('a', 1));
    const forB = table.put(profileItem('b'), orderRecord('b', 1));

    // act
    const result = await projectStreamBatch(deps({ maxAttempts: 2 }), [...forA, ...forB]);

    // assert
    expect(result.failed).toEqual([
      { customerId: 'a', error: 'view of a kept changing under the projector (2 attempts)' },
    ]);
    expect(result.failedSequenceNumbers).toEqual([forA[0]?.sequenceNumber]);
    expect(views.writeAttempts).toBe(2);
    expect(result).toMatchObject({ customers: 2, bootstrapped: 1 });
    expect(await views.readView('b')).toBeDefined();
  });

  it('tries five times by default before it gives up on a customer', async () => {
    // prepare
    const views = new ContestedViewStore(new Set(['a']));
    const { table, deps } = setUp(views);

    // act
    const result = await projectStreamBatch(deps(), table.put(profileItem('a'), orderRecord('a', 1)));

    // assert
    expect(views.writeAttempts).toBe(5);
    expect(result.failed[0]?.error).toBe('view of a kept changing under the projector (5 attempts)');
  });

  it('remembers a table read per section until a minute after its fence closed', async () => {
    // prepare: a's view is built from its partition (a bootstrap read of every section)
    const { table, deps, recentReads } = setUp();
    await projectStreamBatch(deps(), table.put(profileItem('a'), orderRecord('a', 1)));
    const sections = [...recentReads.keys()]
      .filter((k) => k.startsWith('a\u0000'))
      .map((k) => k.split('\u0000')[1]);
    const read = recentReads.get('a\u0000order');
    if (!read) throw new Error('no read remembered');
    const fenceClosed = read.until;

    // act: another customer's read, 60 s after a's fence closed, then 61 s after (a write moves the table's
    // clock on by 2 s, and the projector's clock is 1 s past it)
    table.clock = fenceClosed + 60 - 3;
    await projectStreamBatch(deps(), table.put(profileItem('b'), orderRecord('b', 1)));
    const keptAtSixty = recentReads.has('a\u0000order');
    table.clock = fenceClosed + 61 - 3;
    await projectStreamBatch(deps(), table.put(profileItem('c'), orderRecord('c', 1)));

    // assert
    expect(sections.sort()).toEqual(
      ['head', 'installedProduct', 'interaction', 'invoice', 'order', 'shipment', 'webActivity'].sort(),
    );
    expect(read.versions.get(orderRecord('a', 1).recordKey as string)).toBe(orderRecord('a', 1).versionOrd);
    expect(keptAtSixty).toBe(true);
    expect(recentReads.has('a\u0000order')).toBe(false);
    expect(recentReads.has('c\u0000order')).toBe(true);
  });

  it('fences a bootstrap read from a minute before it started to a second after it ended', async () => {
    // prepare
    const { views, table, deps } = setUp();
    const batch = table.put(profileItem('a'), orderRecord('a', 1));
    const now = Math.floor(table.now().getTime() / 1000);

    // act
    await projectStreamBatch(deps(), batch);

    // assert
    const state = await views.readView('a');
    expect(state?.meta.order?.fence).toEqual({ from: now - 61, to: now + 1 });
    expect(state?.meta.order?.appliedThrough).toBe(batch.at(-1)?.sequenceNumber);
  });

  it('builds a view without a memory of table reads when the projector keeps none', async () => {
    // prepare
    const { views, table } = setUp();
    const deps: ProjectionDeps = { views, limits: DEFAULT_VIEW_LIMITS, now: table.now };

    // act
    const result = await projectStreamBatch(deps, table.put(profileItem('a'), orderRecord('a', 1)));

    // assert
    expect(result.failed).toEqual([]);
    expect(result.bootstrapped).toBe(1);
  });

  it('counts a customer whose changes the view does not show as neither written, deleted nor bootstrapped', async () => {
    // prepare: a has a view; its next change is an order line, which the view does not show
    const { table, deps } = setUp();
    await projectStreamBatch(deps(), table.put(profileItem('a'), orderRecord('a', 1)));
    const line = { pk: keys.customer('a'), sk: 'LINE#x#10', kind: 'orderLine', recordKey: 'x' };

    // act
    const result = await projectStreamBatch(deps(), table.put(line));

    // assert
    expect(result).toStrictEqual({
      customers: 1,
      written: 0,
      deleted: 0,
      bootstrapped: 0,
      refilled: 0,
      failed: [],
      failedSequenceNumbers: [],
    });
  });

  it('writes no view for a record change of a customer whose table profile is merged away', async () => {
    // prepare: the table holds a merged-away profile; only a record of it changes (no view yet)
    const { views, table, deps } = setUp();
    table.put(profileItem('m', { status: 'merged', mergedInto: 'z' }));

    // act
    const result = await projectStreamBatch(deps(), table.put(orderRecord('m', 1)));

    // assert
    expect(result).toStrictEqual({
      customers: 1,
      written: 0,
      deleted: 0,
      bootstrapped: 0,
      refilled: 0,
      failed: [],
      failedSequenceNumbers: [],
    });
    expect(await views.readView('m')).toBeUndefined();
  });

  it('records the last change of the batch as applied, not an earlier one', async () => {
    // prepare
    const { views, table, deps } = setUp();
    const batch = table.put(profileItem('a'), orderRecord('a', 1), orderRecord('a', 2), orderRecord('a', 3));

    // act
    await projectStreamBatch(deps(), batch);

    // assert
    expect((await views.readView('a'))?.meta.order?.appliedThrough).toBe(batch.at(-1)?.sequenceNumber);
  });

  it('refills a cut list from that kind’s records, counts the refill and remembers the read', async () => {
    // prepare: three orders, two kept; the newest kept one is taken out
    const limits = ViewLimitsSchema.parse({ recentItems: 2 });
    const { views, table, deps, recentReads } = setUp();
    await projectStreamBatch(
      deps({ limits }),
      table.put(profileItem('a'), ...[0, 1, 2].map((n) => orderRecord('a', n))),
    );
    recentReads.clear();

    // act
    const result = await projectStreamBatch(
      deps({ limits }),
      table.remove({ pk: keys.customer('a'), sk: orderRecord('a', 2).sk }),
    );

    // assert
    expect(result).toMatchObject({ written: 1, refilled: 1, failed: [] });
    const kept = (await views.readView('a'))?.records.order.lists.recent?.entries.map((e) => e.recordKey);
    expect(kept).toEqual([orderRecord('a', 1).recordKey, orderRecord('a', 0).recordKey]);
    expect([...recentReads.keys()]).toEqual(['a\u0000order']);
  });

  it('refills the head from the partition when a kept customer source of a cut list goes', async () => {
    // prepare: three customer sources, two kept; a kept one is taken out
    const limits = ViewLimitsSchema.parse({ customerSources: 2 });
    const { views, table, deps, recentReads } = setUp();
    const sources = ['1', '2', '3'].map((key) => customerRecord('a', key, {}));
    await projectStreamBatch(deps({ limits }), table.put(profileItem('a'), ...sources));
    const keptBefore =
      (await views.readView('a'))?.head.customerSources.entries.map((e) => e.recordKey) ?? [];
    recentReads.clear();

    // act
    const gone = sources.find((s) => s.recordKey === keptBefore[0]);
    const result = await projectStreamBatch(
      deps({ limits }),
      table.remove({ pk: keys.customer('a'), sk: gone?.sk ?? '' }),
    );

    // assert
    expect(result).toMatchObject({ written: 1, refilled: 1, failed: [] });
    const head = (await views.readView('a'))?.head;
    expect(head?.customerSources.total).toBe(2);
    expect(head?.customerSources.entries).toHaveLength(2);
    expect([...recentReads.keys()]).toEqual(['a\u0000head']);
  });

  it('deletes the view when a customer brought back in the batch is merged away again by the time of the read', async () => {
    // prepare: a has a view; the batch merges it away and brings it back, but the table already holds a
    // later merge the stream has not delivered yet
    const { views, table, deps } = setUp();
    await projectStreamBatch(deps(), table.put(profileItem('a'), orderRecord('a', 1)));
    const batch = [
      ...table.put(profileItem('a', { status: 'merged', mergedInto: 'z', rev: 1 })),
      ...table.put(profileItem('a', { rev: 2 })),
    ];
    table.put(profileItem('a', { status: 'merged', mergedInto: 'z', rev: 3 }));

    // act
    const result = await projectStreamBatch(deps(), batch);

    // assert
    expect(result).toMatchObject({ deleted: 1, bootstrapped: 0, failed: [] });
    expect(await views.readView('a')).toBeUndefined();
  });
});
