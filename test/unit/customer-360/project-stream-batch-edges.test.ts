import { describe, expect, it } from 'vitest';
import {
  type ProjectionDeps,
  projectStreamBatch,
} from '../../../core/customer-360/view/project-stream-batch.ts';
import { DEFAULT_VIEW_LIMITS } from '../../../core/customer-360/view/view-limits.ts';
import { keys } from '../../../core/items/keys.ts';
import { ViewLimitsSchema } from '../../../schemas/config/view-limits.ts';
import { InMemoryViewStore } from './in-memory-view-store.ts';
import { TableSimulation } from './table-simulation.ts';
import { customerRecord, orderRecord, profileItem } from './view-fixtures.ts';

// The projector's batch loop at its edges (issue 17): a change inside a fence's window without a memory of
// table reads, a rebuild over the view a customer had, and a head refill that finds no active profile.

const setUp = () => {
  const views = new InMemoryViewStore();
  const table = new TableSimulation(views);
  return { views, table };
};

describe('projectStreamBatch edges', () => {
  it('projects a change inside the fence’s window of a fresh view when the projector keeps no memory of reads', async () => {
    // prepare: the view is built from the partition; the next write commits within the fence of that read
    const { views, table } = setUp();
    const deps: ProjectionDeps = { views, limits: DEFAULT_VIEW_LIMITS, now: table.now };
    await projectStreamBatch(deps, table.put(profileItem('a'), orderRecord('a', 1)));
    const fence = (await views.readView('a'))?.meta.order?.fence;

    // act
    const batch = table.put(orderRecord('a', 2));
    const result = await projectStreamBatch(deps, batch);

    // assert
    expect(batch[0]?.approximateCreationDateTime).toBeLessThanOrEqual(fence?.to ?? 0);
    expect(result).toMatchObject({ written: 1, failed: [] });
    expect((await views.readView('a'))?.records.order.count).toBe(2);
  });

  it('rebuilds over the view it had a customer merged away and brought back within one batch', async () => {
    // prepare: a has a view; the batch merges it away and brings it back, as the table still holds it
    const { views, table } = setUp();
    const deps: ProjectionDeps = {
      views,
      limits: DEFAULT_VIEW_LIMITS,
      now: table.now,
      recentReads: new Map(),
    };
    await projectStreamBatch(deps, table.put(profileItem('a'), orderRecord('a', 1)));
    const batch = [
      ...table.put(profileItem('a', { status: 'merged', mergedInto: 'z', rev: 1 })),
      ...table.put(profileItem('a', { rev: 2 })),
    ];

    // act
    const result = await projectStreamBatch(deps, batch);

    // assert: the rebuilt sections replace the stored ones under their versions, at the first attempt
    expect(result).toMatchObject({ bootstrapped: 1, deleted: 0, failed: [] });
    const view = await views.readView('a');
    expect(view?.head.basis).toMatchObject({ rev: 2, status: 'active' });
    expect(view?.meta.order?.version).toBe(2);
  });

  it('keeps the head it has when the head’s refill read finds the customer no longer active', async () => {
    // prepare: three customer sources, two kept; the table's profile is merged away by a write this batch
    // does not carry yet (the stream delivers it later)
    const limits = ViewLimitsSchema.parse({ customerSources: 2 });
    const { views, table } = setUp();
    const deps: ProjectionDeps = { views, limits, now: table.now, recentReads: new Map() };
    const sources = ['1', '2', '3'].map((key) => customerRecord('a', key, {}));
    await projectStreamBatch(deps, table.put(profileItem('a'), ...sources));
    const keptBefore =
      (await views.readView('a'))?.head.customerSources.entries.map((e) => e.recordKey) ?? [];
    views.put(profileItem('a', { status: 'merged', mergedInto: 'z', rev: 1 }));

    // act: a kept source goes, so the head asks for a refill
    const gone = sources.find((s) => s.recordKey === keptBefore[0]);
    const result = await projectStreamBatch(
      deps,
      table.remove({ pk: keys.customer('a'), sk: gone?.sk ?? '' }),
    );

    // assert
    expect(result).toMatchObject({ written: 1, refilled: 1, failed: [] });
    const head = (await views.readView('a'))?.head;
    expect(head?.customerSources.total).toBe(2);
    expect(head?.customerSources.entries.map((e) => e.recordKey)).toEqual([keptBefore[1]]);
  });
});
